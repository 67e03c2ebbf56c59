// Fixes that write an env read into TypeScript type-check under `strict` with the real compiler, and what they
// add for the compiler (`!`, `?? ""` before a throw) changes nothing for a set variable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as TS from 'typescript';
import { REPO, applyFix, findings, readFixture, ready } from '../helpers/core';
import { applyEdits } from '../../server/src/syntax/fixes';

// Loaded at run time from the repository's own dependency (not bundled into the test).
const ts = createRequire(join(REPO, 'package.json'))('typescript') as typeof TS;

const S = 'Zq9xW8vR2mK9pL4tN7sY';
/** Our own TypeScript shapes of a secret literal: typed and inferred consts, fields, parameters, properties. */
const SAMPLES: Array<[string, string]> = [
  ['typed-const.ts', `const sessionSecret: string = "${S}";\nexport const length: number = sessionSecret.length;\n`],
  [
    'inferred-const.ts',
    `import { createHmac } from "node:crypto";\nconst signingSecret = "${S}";\n` +
      `export const sign = (body: string) => createHmac("sha256", signingSecret).update(body).digest("hex");\n`,
  ],
  [
    'field.ts',
    `export class Client {\n  private readonly apiToken: string = "${S}";\n  header(): string {\n` +
      `    return this.apiToken.trim();\n  }\n}\n`,
  ],
  ['parameter.ts', `export function connect(password: string = "${S}"): number {\n  return password.length;\n}\n`],
  ['property.ts', `export const config: { apiSecret: string } = { apiSecret: "${S}" };\n`],
  ['fallback.ts', `export const jwtSecret: string = process.env.JWT_SECRET || "${S}";\n`],
  [
    'component.tsx',
    `import { createHmac } from "node:crypto";\nconst webhookSecret = "${S}";\n` +
      `export const mac = createHmac("sha256", webhookSecret);\n`,
  ],
];
const SHIM =
  'declare module "express" {\n  const express: () => { listen(port: number): void };\n  export default express;\n}\n';

/** Strict-mode errors of a set of files (with @types/node and a shim for express), one line each. */
function typeErrors(files: Array<[string, string]>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-ts-'));
  try {
    const names = [...files, ['shim.d.ts', SHIM] as [string, string]].map(([name, text]) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    });
    const program = ts.createProgram(names, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      jsx: ts.JsxEmit.Preserve,
      types: ['node'],
      typeRoots: [join(REPO, 'node_modules', '@types')],
      skipLibCheck: true,
    });
    return ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file?.fileName.slice(dir.length + 1) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const emitted = (text: string) =>
  ts.transpileModule(text, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } })
    .outputText;

/** Required-secret fixes (read, then `if (!NAME) throw`): weak-signing-key and auth-conditional, our own shapes. */
const REQUIRED: Array<[string, string, string]> = [
  [
    'signing.ts',
    'weak-signing-key',
    `import { createHmac } from "node:crypto";\nconst JWT_SECRET: string = process.env.JWT_SECRET || "secret";\n` +
      `export function sign(body: string): string {\n` +
      `  return createHmac("sha256", JWT_SECRET).update(body).digest("hex");\n}\n`,
  ],
  [
    'hoisted.ts',
    'weak-signing-key',
    `import { createHmac } from "node:crypto";\nconst SESSION_SECRET = process.env.SESSION_SECRET ?? "dev";\n` +
      `export function mac(body: string): string {\n` +
      `  return createHmac("sha256", SESSION_SECRET).update(body).digest("hex");\n}\n`,
  ],
  [
    'guard.ts',
    'auth-conditional',
    `const API_KEY = process.env.API_KEY || "";\ninterface Req {\n  get(name: string): string | undefined;\n}\n` +
      `export function requireKey(req: Req, res: { status(code: number): void }, next: () => void): void {\n` +
      `  if (req.get("x-api-key") !== API_KEY) return res.status(401);\n  console.log(API_KEY.length);\n  next();\n}\n`,
  ],
];

/**
 * Applies hardcoded-secret's move-to-env fix: on its own finding, or on the weak-signing-key finding that stands
 * for it where both rules saw the literal (a key handed to createHmac; core/supersede.ts).
 */
function moveToEnv(path: string, text: string): string {
  const finding = findings(path, text).find(
    (f) => f.ruleId === 'hardcoded-secret' || f.alsoFor?.includes('hardcoded-secret'),
  );
  const fix = finding?.fixes?.find((x) => x.title.startsWith('Move to environment variable'));
  if (!fix) throw new Error(`no move-to-env fix in ${path}`);
  return applyEdits(text, fix.edits);
}

test('TypeScript: every move-to-env fix type-checks under strict, as the code before it did', async () => {
  await ready();
  const samples: Array<[string, string]> = [
    ...SAMPLES,
    ['server.ts', readFixture('rules/hardcoded-secret/fix/server.ts')],
    ['fallback-fixture.ts', readFixture('rules/hardcoded-secret/fix/fallback.ts')],
  ];
  assert.deepEqual(typeErrors(samples), [], 'the samples type-check before the fix');
  const fixed = samples.map(([name, text]): [string, string] => [name, moveToEnv(`src/${name}`, text)]);
  for (const [name, text] of fixed) assert.match(text, /process\.env\.[A-Z_]+!/, name);
  assert.deepEqual(typeErrors(fixed), []);
  // The check bites: the plain read (`string | undefined`) is refused where a string is required.
  const plain = fixed.map(([name, text]): [string, string] => [name, text.replace(/(process\.env\.[A-Z_]+)!/g, '$1')]);
  const refused = typeErrors(plain);
  for (const name of ['typed-const.ts', 'inferred-const.ts', 'field.ts', 'parameter.ts', 'property.ts', 'server.ts'])
    assert.ok(
      refused.some((e) => e.startsWith(`${name}:`)),
      `${name}: plain process.env read accepted?\n${refused.join('\n')}`,
    );
  // Type-only: the JavaScript emitted for the fixed file is the one emitted without the assertion.
  for (const [i, [name, text]] of fixed.entries()) assert.equal(emitted(text), emitted(plain[i][1]), name);
});

test('TypeScript: required-secret fixes (read, then throw when empty) type-check under strict', async () => {
  await ready();
  const before = REQUIRED.map(([name, , text]): [string, string] => [name, text]);
  assert.deepEqual(typeErrors(before), [], 'the samples type-check before the fix');
  const fixed = REQUIRED.map(([name, rule, text]): [string, string] => [name, applyFix(`src/${name}`, text, rule)]);
  for (const [name, text] of fixed)
    assert.match(text, /= process\.env\.[A-Z_]+ \?\? "";\nif \(![A-Z_]+\) throw new Error\(/, name);
  assert.deepEqual(typeErrors(fixed), []);
  // The check bites: without `?? ""` the declaration is `string | undefined`, refused inside the functions.
  const plain = fixed.map(([name, text]): [string, string] => [
    name,
    text.replace(/(process\.env\.[A-Z_]+) \?\? ""/, '$1'),
  ]);
  const refused = typeErrors(plain);
  for (const [name] of REQUIRED)
    assert.ok(
      refused.some((e) => e.startsWith(`${name}:`)),
      `${name}\n${refused.join('\n')}`,
    );
});

test('JavaScript keeps the plain reads (no TypeScript syntax, no `?? ""` in .js files)', async () => {
  await ready();
  const required = REQUIRED[0][2].replace(': string = ', ' = ').replace(/\(body: string\): string/, '(body)');
  assert.match(
    applyFix('src/signing.js', required, 'weak-signing-key'),
    /\nconst JWT_SECRET = process\.env\.JWT_SECRET;\nif \(!JWT_SECRET\) throw new Error\("JWT_SECRET must be set"\);\n/,
  );
  const text = `const sessionSecret = "${S}";\nmodule.exports = { sessionSecret };\n`;
  assert.equal(
    applyFix('src/config.js', text, 'hardcoded-secret'),
    'const sessionSecret = process.env.SESSION_SECRET;\nmodule.exports = { sessionSecret };\n',
  );
});
