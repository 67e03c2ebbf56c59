// Maps file names and VS Code language ids to the parser family (or plain text) a file is checked as.
import type { Family } from './types';

const BY_LANGUAGE_ID: Record<string, Family> = {
  python: 'python',
  javascript: 'js',
  javascriptreact: 'js',
  typescript: 'js',
  typescriptreact: 'js',
  vue: 'js',
};

const BY_EXTENSION: Record<string, string> = {
  '.py': 'python',
  '.pyi': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.vue': 'vue',
  '.html': 'html',
  '.htm': 'html',
  '.svelte': 'svelte',
  '.json': 'json',
  '.jsonc': 'jsonc',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.toml': 'toml',
  '.ini': 'ini',
  '.cfg': 'ini',
  '.conf': 'properties',
  '.properties': 'properties',
  '.sh': 'shellscript',
  '.bash': 'shellscript',
  '.zsh': 'shellscript',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.rst': 'restructuredtext',
  '.css': 'css',
  '.scss': 'scss',
  '.less': 'less',
  '.sql': 'sql',
  '.ipynb': 'jupyter',
  '.txt': 'plaintext',
  '.xml': 'xml',
  '.tf': 'terraform',
  '.rb': 'ruby',
  '.go': 'go',
  '.php': 'php',
  '.java': 'java',
  '.cs': 'csharp',
  '.rs': 'rust',
};

/** Language id for a path, the way VS Code would pick it (plus dotenv and Dockerfile names). */
export function languageIdForPath(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'dotenv';
  if (name === 'dockerfile' || name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) return 'dockerfile';
  const dot = name.lastIndexOf('.');
  return (dot >= 0 && BY_EXTENSION[name.slice(dot)]) || 'plaintext';
}

export function familyOf(languageId: string): Family | undefined {
  return BY_LANGUAGE_ID[languageId];
}

/** TypeScript files, where generated code must also type-check (under `strict`). */
export function isTypeScript(languageId: string): boolean {
  return languageId === 'typescript' || languageId === 'typescriptreact';
}

/** Grammar used to parse a JS-family language id (the JavaScript grammar covers JSX too). */
export function grammarFor(languageId: string): 'python' | 'javascript' | 'typescript' | 'tsx' | undefined {
  switch (languageId) {
    case 'python':
      return 'python';
    case 'javascript':
    case 'javascriptreact':
      return 'javascript';
    case 'typescript':
      return 'typescript';
    case 'typescriptreact':
      return 'tsx';
    case 'vue':
      return 'typescript';
    default:
      return undefined;
  }
}

/** Test files: rules such as debug-mode stay quiet there. */
export function isTestPath(path: string): boolean {
  return (
    // Browser end-to-end suites and test data live beside the app, not under tests/: their logins are test logins.
    /(^|\/)(tests?|__tests__|spec|e2e|cypress|playwright|fixtures|__fixtures__|__mocks__)\//.test(path) ||
    /(^|\/)(test_[^/]*\.py|[^/]*_test\.py|conftest\.py|[^/]*\.(test|spec)\.[cm]?[jt]sx?)$/.test(path)
  );
}
