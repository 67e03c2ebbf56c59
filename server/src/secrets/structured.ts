// Secrets recognised by structure rather than by a provider prefix: private key blocks, connection
// URLs carrying a password, and JSON Web Tokens (whose payload decides how serious they are).
import type { Severity } from '../core/types';
import { looksRandom } from './entropy';
import { isPlaceholder, isTemplateOrReference } from './placeholders';
import type { SecretHit } from './types';

export const PRIVATE_KEY = /-----BEGIN[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----/g;
export const END_MARK = /-----END[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----/;

/** A BEGIN line followed by a real base64 body (not `...`); reported once, on the BEGIN line. */
export function findPrivateKeys(text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const m of text.matchAll(PRIVATE_KEY)) {
    const start = m.index ?? 0;
    const headerEnd = start + m[0].length;
    // The body may be JSON/JS-escaped (`\n`), quoted line by line, or carry PEM headers (Proc-Type).
    const window = text
      .slice(headerEnd, headerEnd + 800)
      .replace(/\\[nr]/g, '\n')
      .replace(/^[ \t]*(?:Proc-Type|DEK-Info|Comment|Version)[^\n]{0,200}\n/gm, '')
      .replace(/[\s"'`,+]/g, '');
    const body = /^[A-Za-z0-9+/=]{0,800}/.exec(window)?.[0] ?? '';
    if (body.length < 64 || !looksRandom(body.slice(0, 200))) continue;
    // The END line is looked for in a bounded window (many BEGIN lines must not cost quadratic time).
    END_MARK.lastIndex = 0;
    const end = END_MARK.exec(text.slice(headerEnd, headerEnd + 20000));
    const blockEnd = end ? headerEnd + end.index + end[0].length : headerEnd + body.length;
    const encrypted = m[0].includes('ENCRYPTED') || text.slice(headerEnd, headerEnd + 100).includes('ENCRYPTED');
    hits.push({
      kind: 'private-key',
      title: encrypted ? 'Encrypted private key' : 'Private key',
      severity: encrypted ? 'warning' : 'error',
      start,
      end: headerEnd,
      value: text.slice(start, blockEnd),
      envName: 'PRIVATE_KEY',
    });
  }
  return hits;
}

export const CONNECTION =
  /(?<![A-Za-z0-9+.-])(?<scheme>postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse|sftp|ftps?|smtps?|https?)(?:\+[a-z0-9]{1,20})?:\/\/(?<user>[^:@/\s'"`<>\\]{0,128}):(?<v>[^@/\s'"`<>\\]{1,256})@(?<host>[A-Za-z0-9._-]{1,255})/dg;

const ENV_BY_SCHEME: Record<string, string> = {
  postgres: 'DATABASE_URL',
  postgresql: 'DATABASE_URL',
  mysql: 'DATABASE_URL',
  mariadb: 'DATABASE_URL',
  mssql: 'DATABASE_URL',
  sqlserver: 'DATABASE_URL',
  cockroachdb: 'DATABASE_URL',
  clickhouse: 'CLICKHOUSE_URL',
  mongodb: 'MONGODB_URI',
  'mongodb+srv': 'MONGODB_URI',
  redis: 'REDIS_URL',
  rediss: 'REDIS_URL',
  amqp: 'AMQP_URL',
  amqps: 'AMQP_URL',
  smtp: 'SMTP_URL',
  smtps: 'SMTP_URL',
  ftp: 'FTP_URL',
  ftps: 'FTP_URL',
  sftp: 'SFTP_URL',
  http: 'SERVICE_URL',
  https: 'SERVICE_URL',
};

const WEAK_PASSWORDS = new Set([
  'password',
  'pass',
  'pwd',
  'secret',
  'postgres',
  'mysql',
  'root',
  'admin',
  'redis',
  'mongo',
  'guest',
  'user',
  'test',
  'changeme',
]);

/** `scheme://user:password@host` with a real password (not `${VAR}`, `****`, `<password>`, = user name…). */
export function findConnectionStrings(text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const m of text.matchAll(CONNECTION)) {
    const groups = m.groups ?? {};
    const password = groups.v ?? '';
    const user = groups.user ?? '';
    const scheme = (groups.scheme ?? '').toLowerCase();
    const at = m.indices?.groups?.v;
    if (!at || !password) continue;
    if (
      password === user ||
      WEAK_PASSWORDS.has(password.toLowerCase()) ||
      isPlaceholder(password) ||
      isTemplateOrReference(password)
    )
      continue;
    if (/[{}]|%s|%\(|^\$|^:/.test(password)) continue; // format strings: {password}, %s, $PASS
    const web = scheme.startsWith('http');
    if (web && !looksRandom(password, 8) && password.length < 12) continue;
    const local = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal)$/.test(groups.host ?? '');
    const severity: Severity = web || local ? 'warning' : 'error';
    const what = web ? 'URL with embedded credentials' : `${scheme} connection string with a password`;
    hits.push({
      kind: web ? 'url-credentials' : 'connection-string-password',
      title: what,
      severity,
      start: at[0],
      end: at[1],
      value: password,
      envName: ENV_BY_SCHEME[scheme] ?? 'DATABASE_URL',
    });
  }
  return hits;
}

export const JWT =
  /(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]{5,2000}\.eyJ[A-Za-z0-9_-]{5,8000}\.[A-Za-z0-9_-]{0,1000}(?![A-Za-z0-9_-])/g;

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * JWTs, judged by their payload: a Supabase `service_role` key bypasses row-level security (error);
 * an `anon` key is meant for browsers (info); expired, unsigned or textbook example tokens are info;
 * any other live token is a bearer credential (warning: it may be short-lived test data).
 */
export function findJwts(text: string, now = Date.now()): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const m of text.matchAll(JWT)) {
    const [head, body, signature] = m[0].split('.');
    const header = decodeJson(head);
    const payload = decodeJson(body);
    if (!header || !payload || (typeof header.alg !== 'string' && typeof header.typ !== 'string')) continue;
    const start = m.index ?? 0;
    const base = { start, end: start + m[0].length, value: m[0] };
    const role = payload.role;
    if (role === 'service_role') {
      hits.push({
        ...base,
        kind: 'supabase-service-role-key',
        title: 'Supabase service_role key',
        severity: 'error',
        envName: 'SUPABASE_SERVICE_ROLE_KEY',
      });
      continue;
    }
    if (role === 'anon') {
      hits.push({
        ...base,
        kind: 'supabase-anon-key',
        title: 'Supabase anon key (public)',
        severity: 'info',
        envName: 'SUPABASE_ANON_KEY',
      });
      continue;
    }
    const expired = typeof payload.exp === 'number' && payload.exp * 1000 < now;
    const unsigned = !signature || header.alg === 'none';
    const textbook = payload.sub === '1234567890' && payload.name === 'John Doe';
    const severity: Severity = expired || unsigned || textbook ? 'info' : 'warning';
    const title = expired ? 'JSON Web Token (expired)' : unsigned ? 'JSON Web Token (unsigned)' : 'JSON Web Token';
    hits.push({ ...base, kind: 'jwt', title, severity, envName: 'JWT_TOKEN' });
  }
  return hits;
}
