// Generated corpus: every provider format, written into every kind of file, is found with its kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectSecrets } from '../../server/src/secrets/detect';
import { PROVIDERS } from '../../server/src/secrets/providers';
import { B64, FAKE_CASES, Rand, fakePrivateKey } from '../helpers/fakeSecrets';
import { FILE_KINDS, secretFile } from '../helpers/secretFiles';

test('every provider row has a generated case', () => {
  const covered = new Set(FAKE_CASES.map((c) => c.kind));
  const missing = [...new Set(PROVIDERS.map((p) => p.id))].filter(
    (id) =>
      !covered.has(id) &&
      ![
        'stripe-test-key',
        'stripe-publishable-key',
        'supabase-publishable-key',
        'mapbox-public-token',
        'authorization-header',
      ].includes(id),
  );
  assert.deepEqual(missing, []);
});

for (const c of FAKE_CASES) {
  test(`${c.kind} (${c.name}) is found in every file kind`, () => {
    const r = new Rand(c.name.length * 7919 + c.kind.length);
    for (let round = 0; round < 3; round++) {
      const token = c.make(r);
      for (const kind of FILE_KINDS) {
        const file = secretFile(kind, c.name, token);
        const at = file.text.indexOf(token);
        const hits = detectSecrets(file.text, { path: file.path });
        const hit = hits.find((h) => h.start >= at && h.end <= at + token.length + 2 && h.kind === c.kind);
        assert.ok(hit, `${kind}: expected ${c.kind}, got ${JSON.stringify(hits.map((h) => [h.kind, h.severity]))}`);
        assert.equal(hit.severity, c.severity ?? 'error', `${kind}: severity`);
        assert.equal(file.text.slice(hit.start, hit.end), hit.value, 'offsets point at the value');
      }
    }
  });
}

test('private keys are reported once, on the BEGIN line, in PEM, escaped JSON and OpenSSH form', () => {
  const r = new Rand(7);
  const pem = fakePrivateKey(r);
  const cases = [
    { path: 'certs/server.key', text: `${pem}\n` },
    {
      path: 'sa.json',
      text: JSON.stringify({ type: 'service_account', private_key: `${fakePrivateKey(r, 'PRIVATE KEY')}\n` }, null, 2),
    },
    { path: 'deploy/id_ed25519', text: `${fakePrivateKey(r, 'OPENSSH PRIVATE KEY')}\n` },
    { path: 'keys.py', text: `KEY = """${fakePrivateKey(r, 'EC PRIVATE KEY')}"""\n` },
  ];
  for (const { path, text } of cases) {
    const hits = detectSecrets(text, { path }).filter((h) => h.kind === 'private-key');
    assert.equal(hits.length, 1, path);
    assert.match(text.slice(hits[0].start, hits[0].end), /^-----BEGIN [A-Z ]*PRIVATE KEY-----$/);
    assert.ok(hits[0].value.includes('-----END'), 'the value is the whole block (for the baseline hash)');
  }
  const placeholder = '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n';
  assert.deepEqual(detectSecrets(placeholder, { path: 'README.md' }), []);
});

test('connection strings: a real password is an error, stand-ins are not reported', () => {
  const r = new Rand(11);
  const pw = r.str('abcdefghijkmnopqrstuvwxyzABCDEFGH23456789', 18);
  for (const scheme of [
    'postgres',
    'postgresql',
    'mysql',
    'mariadb',
    'mongodb',
    'mongodb+srv',
    'redis',
    'rediss',
    'amqp',
    'amqps',
  ]) {
    const text = `DATABASE_URL = "${scheme}://app:${pw}@db.internal.example:5432/app"\n`;
    const hits = detectSecrets(text, { path: 'settings.py' });
    assert.equal(hits.length, 1, scheme);
    assert.equal(hits[0].kind, 'connection-string-password');
    assert.equal(hits[0].value, pw);
    assert.equal(hits[0].severity, 'error');
  }
  for (const password of [
    'password',
    '${DB_PASSWORD}',
    '****',
    'app',
    '%s',
    '{password}',
    '$DB_PASS',
    'changeme',
    'your-password',
  ]) {
    const text = `url: postgres://app:${password}@db.example.com/app\n`;
    assert.deepEqual(
      detectSecrets(text, { path: 'config.yaml' }).map((h) => h.kind),
      [],
      password,
    );
  }
  const local = detectSecrets(`REDIS_URL=redis://:${pw}@localhost:6379\n`, { path: '.env' });
  assert.equal(local[0]?.severity, 'warning', 'localhost passwords are a warning');
});

test('.npmrc legacy tokens, PHP define() and getenv defaults are found', () => {
  const r = new Rand(3);
  const uuid =
    `${r.str('0123456789abcdef', 8)}-${r.str('0123456789abcdef', 4)}-4${r.str('0123456789abcdef', 3)}-9` +
    `${r.str('0123456789abcdef', 3)}-${r.str('0123456789abcdef', 12)}`;
  assert.deepEqual(
    detectSecrets(`//registry.npmjs.org/:_authToken=${uuid}\n`, { path: '.npmrc' }).map((h) => [h.kind, h.value]),
    [['npm-token', uuid]],
  );
  assert.deepEqual(
    detectSecrets(`<?php\ndefine('DB_PASSWORD', 'phppass2024');\n`, { path: 'wp-config.php' }).map((h) => h.value),
    ['phppass2024'],
  );
  assert.deepEqual(
    detectSecrets(`key = os.getenv("API_KEY", "devkey-12345678")\n`, { path: 'a.py' }).map((h) => h.value),
    ['devkey-12345678'],
  );
  assert.deepEqual(
    detectSecrets(`key = os.getenv("API_KEY", "")\nurl = os.getenv("API_URL", "https://api.example.com")\n`, {
      path: 'a.py',
    }),
    [],
  );
});

test('a key whose random body happens to hold "your" is still a key; "your" as a word is a stand-in', () => {
  const r = new Rand(4242);
  const body = (middle: string) =>
    `${r.str('ABCDEFGHJKLMNPQRSTUVWZ', 14)}${middle}${r.str('abcdefghjkmnpqrstuvwz', 18)}`;
  for (const middle of ['your', 'YOUR', 'Your']) {
    const token = `gh${'p_'}${body(middle)}`;
    const hits = detectSecrets(`GITHUB_TOKEN = "${token}"\n`, { path: 'settings.py' });
    assert.deepEqual(
      hits.map((h) => h.kind),
      ['github-token'],
      `a token holding ${middle} mid-body`,
    );
  }
  // The same shape with "your" starting the body reads as `ghp_yourTokenHere…`: a stand-in.
  const stand = `gh${'p_'}your${r.str('ABCDEFGHJKLMNPQRSTUVWZabcdefghjkmnpqrstuvwz', 32)}`;
  assert.deepEqual(detectSecrets(`GITHUB_TOKEN = "${stand}"\n`, { path: 'settings.py' }), []);
});

/** The characters of Django's `get_random_secret_key()`. */
const DJANGO_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';

test('a random secret holding a stand-in word or template marks by chance is still found', () => {
  const r = new Rand(777);
  // In Django's key alphabet `((`, `$(`, `%s%`, a leading `$x` or `@x` come up by chance (9 keys in 100).
  const missed: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const key = r.str(DJANGO_KEY, 50);
    if (detectSecrets(`SECRET_KEY = '${key}'\n`, { path: 'settings.py' }).length !== 1) missed.push(key.slice(0, 6));
  }
  assert.deepEqual(missed, [], 'random Django secret keys read as templates or stand-ins');
  for (const part of ['your', 'todo', 'fake', 'dummy', 'xxxx', '****', 'insert', 'sample']) {
    // The part inside a machine-made value with letters on both sides: chance (1 to 3 random keys in 10,000).
    const key = `${r.str(B64, 21)}q${part}7${r.str(B64, 24)}`;
    const hits = detectSecrets(`SECRET_KEY = "${key}"\n`, { path: 'settings.py' });
    assert.equal(hits.length, 1, `a random key holding ${part} mid-body`);
  }
  // Standing apart or at an end, the word is a stand-in; a whole template is a template.
  for (const stand of [
    'my-fake-key-9f3k2j4h5g6d7s8a',
    'sk_live_your_key_3k9d8f7g6h5j4k',
    'Qw8#zR2!mK9@xxxx',
    '${DJANGO_SECRET_KEY}',
    '$(cat /run/secrets/django_key)',
    '{{ vault_django_secret_key }}',
    'preflight-history-${Date.now()}',
    'session-${user.id}-${Date.now()}-signing',
  ]) {
    assert.deepEqual(detectSecrets(`SECRET_KEY = "${stand}"\n`, { path: 'settings.py' }), [], stand);
  }
});

test('unquoted random keys in .env, Dockerfile and shell files are read whole, whatever character they hold', () => {
  const r = new Rand(31337);
  const missed: string[] = [];
  for (let i = 0; i < 600; i++) {
    // A leading `=`, `!`, `&` or `*`, a `#` inside and a trailing `(` each hid one key in 50 before.
    const key = r.str(DJANGO_KEY, 50);
    for (const [path, text] of [
      ['.env', `DEBUG=0\nSECRET_KEY=${key}\n`],
      ['Dockerfile', `FROM python:3.12\nENV SECRET_KEY=${key}\n`],
      ['deploy.sh', `export SECRET_KEY=${key}\n`],
    ]) {
      const hits = detectSecrets(text, { path });
      if (hits.length !== 1 || hits[0].value !== key) missed.push(`${path}: ${key.slice(0, 4)}`);
    }
  }
  assert.deepEqual(missed, []);
  // A base64 key may start with `/`; a path of words is still a path.
  const b64 = `/${r.str(B64, 42)}=`;
  assert.equal(detectSecrets(`JWT_SECRET=${b64}\n`, { path: '.env' }).length, 1);
  for (const quiet of [
    'JWT_SECRET=/run/secrets/jwt_secret\n',
    'SECRET_KEY: # set in the deployment\n',
    'DB_PASSWORD: *default_password\n',
    'DB_PASSWORD: !vault |\n',
  ])
    assert.deepEqual(detectSecrets(quiet, { path: quiet.includes(':') ? 'config.yml' : '.env' }), [], quiet);
});
