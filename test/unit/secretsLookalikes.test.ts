// Look-alike corpus: values that sit where secrets go, or look random, but are not credentials.
// None of them may raise an error-level finding, in any kind of file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectSecrets } from '../../server/src/secrets/detect';
import { ALNUM, B64, HEX, LOWER, Rand, URLSAFE, fakeJwt } from '../helpers/fakeSecrets';
import { FILE_KINDS, secretFile } from '../helpers/secretFiles';

const r = new Rand(42);
const uuid = () => `${r.str(HEX, 8)}-${r.str(HEX, 4)}-4${r.str(HEX, 3)}-8${r.str(HEX, 3)}-${r.str(HEX, 12)}`;

/** name, value pairs: each written into every file kind. */
const LOOKALIKES: [string, string][] = [
  ['OPENAI_API_KEY', 'sk-...'],
  ['OPENAI_API_KEY', `sk-${'x'.repeat(48)}`],
  ['API_KEY', 'your-api-key-here'],
  ['API_KEY', '<YOUR_API_KEY>'],
  ['GITHUB_TOKEN', `ghp_${'x'.repeat(36)}`],
  ['GITHUB_TOKEN', `gh${'p_'}${'a'.repeat(36)}`],
  ['SECRET_KEY', 'changeme'],
  ['API_KEY', 'abort(401)'],
  ['SECRET_KEY', 'change-me-in-production'],
  ['SECRET_KEY', 'replace-with-a-long-random-string'],
  ['AUTH_TOKEN', '${AUTH_TOKEN}'],
  ['AUTH_TOKEN', '{{ auth_token }}'],
  ['AUTH_TOKEN', '$AUTH_TOKEN'],
  ['AUTH_TOKEN', '%AUTH_TOKEN%'],
  ['DB_PASSWORD', '********'],
  ['DB_PASSWORD', 'TODO'],
  ['DB_PASSWORD', 'dummy'],
  ['DB_PASSWORD', 'example-password'],
  ['CLIENT_SECRET', 'xxxxxxxxxxxxxxxxxxxxxxxx'],
  ['AWS_ACCESS_KEY_ID', `AKIA${'IOSFODNN7'}EXAMPLE`],
  ['AWS_SECRET_ACCESS_KEY', `wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLE'}KEY`],
  ['STRIPE_PUBLISHABLE_KEY', `pk_${'live'}_${r.str(ALNUM, 99)}`],
  ['STRIPE_KEY', `sk_${'test'}_${r.str(ALNUM, 99)}`],
  [
    'SUPABASE_ANON_KEY',
    fakeJwt(r, { iss: 'supabase', ref: r.str(LOWER, 20), role: 'anon', iat: 1700000000, exp: 2000000000 }),
  ],
  ['JWT_EXAMPLE', fakeJwt(r, { sub: '1234567890', name: 'John Doe', iat: 1516239022 })],
  ['SESSION', fakeJwt(r, { sub: 'u1', exp: 1600000000 })],
  ['REQUEST_ID', uuid()],
  ['API_KEY_ID', uuid()],
  ['COMMIT_SHA', r.str(HEX, 40)],
  ['CHECKSUM', `sha256:${r.str(HEX, 64)}`],
  ['INTEGRITY', `sha512-${r.str(B64, 86)}==`],
  ['ETAG', r.str(HEX, 32)],
  ['VERSION', '4.18.2'],
  ['TOKEN_URL', 'https://oauth2.googleapis.com/token'],
  ['PASSWORD_RESET_URL', 'https://example.com/reset'],
  ['SECRET_FILE', '/run/secrets/app_secret'],
  ['TOKEN_TYPE', 'Bearer'],
  ['MAX_TOKENS', '4096'],
  ['PASSWORD_MIN_LENGTH', '12'],
  ['PASSWORD_LABEL', 'Enter your password'],
  ['PASSWORD_FIELD', 'password'],
  ['THEME_COLOR', '#1e90ff'],
  ['HANDLER', 'handleTokenRefreshForAuthenticatedSessionRequests'],
  ['SECRET_NAME', 'prod/app/database-credentials'],
  ['DATABASE_URL', 'postgres://user:password@localhost:5432/app'],
  ['DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db:5432/app'],
  ['REDIS_URL', 'redis://localhost:6379/0'],
  ['SENTRY_DSN', `https://${r.str(HEX, 32)}@o12345.ingest.sentry.io/678`],
  ['RECAPTCHA_SITE_KEY', `6L${r.str(URLSAFE, 38)}`],
  ['PUBLIC_KEY_ID', `key_${r.str(LOWER, 8)}`],
  ['TOKENIZER', 'cl100k_base'],
  ['CSRF_TOKEN', r.str(ALNUM, 32)],
  ['ADMIN_PASSWORD', `$2b$12$${r.str(`${ALNUM}./`, 53)}`],
  ['SEED_PASSWORD', `$argon2id$v=19$m=65536,t=3,p=4$${r.str(B64, 22)}$${r.str(B64, 43)}`],
  ['AUTH_TOKEN', 'test-token'],
  ['WEBHOOK_SECRET', 'mock_webhook_secret'],
  ['API_KEY_HEADER', 'x-api-key'],
  ['SECRET_REF', 'db-credentials'],
];

for (const [name, value] of LOOKALIKES) {
  test(`look-alike ${name}=${value.slice(0, 12)}… raises no error`, () => {
    for (const kind of FILE_KINDS) {
      const file = secretFile(kind, name, value);
      const errors = detectSecrets(file.text, { path: file.path }).filter((h) => h.severity === 'error');
      assert.deepEqual(
        errors.map((h) => `${kind}: ${h.kind}`),
        [],
      );
    }
  });
}

test('env reads in code are never findings', () => {
  const py =
    'import os\nOPENAI_API_KEY = os.environ["OPENAI_API_KEY"]\nsecret = os.getenv("SECRET_KEY")\n' +
    'password = settings.DB_PASSWORD\n';
  const js =
    'const apiKey = process.env.OPENAI_API_KEY;\nconst token = import.meta.env.VITE_TOKEN ?? "";\n' +
    'const password = config.get("db.password");\n';
  assert.deepEqual(detectSecrets(py, { path: 'a.py' }), []);
  assert.deepEqual(detectSecrets(js, { path: 'a.js' }), []);
});

test('lockfile integrity hashes, base64 images, git SHAs and CSS are quiet', () => {
  const lock = JSON.stringify(
    {
      packages: Object.fromEntries(
        Array.from({ length: 300 }, (_, i) => [
          `node_modules/p${i}`,
          {
            version: '1.0.0',
            resolved: `https://registry.npmjs.org/p${i}/-/p${i}-1.0.0.tgz`,
            integrity: `sha512-${r.str(B64, 86)}==`,
          },
        ]),
      ),
    },
    null,
    2,
  );
  assert.deepEqual(detectSecrets(lock, { path: 'package-lock.json' }), []);
  const image = `<img src="data:image/png;base64,${r.str(B64, 200_000)}" alt="logo">\n`;
  assert.deepEqual(
    detectSecrets(image, { path: 'index.html' }).filter((h) => h.severity === 'error'),
    [],
  );
  const css = `.btn { color: #${r.str(HEX, 6)}; background: url(data:image/svg+xml;base64,${r.str(B64, 4000)}); }\n`;
  assert.deepEqual(
    detectSecrets(css, { path: 'style.css' }).filter((h) => h.severity === 'error'),
    [],
  );
  const log = Array.from(
    { length: 200 },
    () => `commit ${r.str(HEX, 40)}\nAuthor: A <a@b.c>\n\n    fix: token refresh\n`,
  ).join('\n');
  assert.deepEqual(
    detectSecrets(log, { path: 'CHANGELOG.md' }).filter((h) => h.severity === 'error'),
    [],
  );
});

test('random base64 and prose at scale produce no error findings', () => {
  const blob = Array.from({ length: 2000 }, () => r.str(B64, 76)).join('\n');
  assert.deepEqual(
    detectSecrets(blob, { path: 'data/blob.txt' })
      .filter((h) => h.severity === 'error')
      .map((h) => h.kind),
    [],
  );
  const words = [
    'the',
    'token',
    'password',
    'secret',
    'key',
    'is',
    'stored',
    'in',
    'a',
    'vault',
    'never',
    'commit',
    'your',
    'api',
  ];
  const prose = Array.from({ length: 5000 }, () => words[Math.floor(r.next() * words.length)]).join(' ');
  assert.deepEqual(
    detectSecrets(prose, { path: 'docs/security.md' }).filter((h) => h.severity === 'error'),
    [],
  );
});
