// Languages the client hands to the server, as plain data (no `vscode` import) so tests can read it.
/** Code files get rule checks; the plain-text kinds are there for the secret detector. */
export const LANGUAGES = [
  'python',
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'vue',
  'dotenv',
  'yaml',
  'toml',
  'json',
  'jsonc',
  'ini',
  'properties',
  'shellscript',
  'dockerfile',
  'markdown',
  'plaintext',
] as const;
