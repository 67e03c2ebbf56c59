// Realistic files around a generated secret: the same name/value pair written the way each file
// type writes it (Python, JS, TS, .env, YAML, JSON, Dockerfile, compose, shell, markdown, notebook).

export interface GeneratedFile {
  path: string;
  text: string;
}

function camel(name: string): string {
  return name.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export const FILE_KINDS = [
  'python',
  'js',
  'ts',
  'dotenv',
  'yaml',
  'json',
  'dockerfile',
  'compose',
  'shell',
  'markdown',
  'notebook',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** One file of the given kind assigning `value` to `name`. */
export function secretFile(kind: FileKind, name: string, value: string): GeneratedFile {
  switch (kind) {
    case 'python':
      return {
        path: 'app/settings.py',
        text:
          `"""App settings."""\nimport logging\n\nlogger = logging.getLogger(__name__)\n${name} = "${value}"\n` +
          `TIMEOUT = 30\n`,
      };
    case 'js':
      return {
        path: 'src/config.js',
        text: `// runtime configuration\nexport const config = {\n  port: 3000,\n  ${camel(name)}: '${value}',\n};\n`,
      };
    case 'ts':
      return {
        path: 'src/client.ts',
        text:
          `import { Client } from "./sdk";\n\nconst ${camel(name)}: string = "${value}";\n` +
          `export const client = new Client({ timeout: 10 });\n`,
      };
    case 'dotenv':
      return { path: '.env', text: `# local settings\nNODE_ENV=development\n${name}=${value}\nPORT=3000\n` };
    case 'yaml':
      return {
        path: 'config/app.yaml',
        text: `app:\n  name: demo\n  settings:\n    ${name.toLowerCase()}: ${value}\n    retries: 3\n`,
      };
    case 'json':
      return {
        path: 'config/secrets.json',
        text: `{\n  "debug": false,\n  "${name}": "${value}",\n  "region": "eu-west-1"\n}\n`,
      };
    case 'dockerfile':
      return {
        path: 'Dockerfile',
        text: `FROM node:20-slim\nWORKDIR /app\nENV ${name}=${value}\nCMD ["node", "server.js"]\n`,
      };
    case 'compose':
      return {
        path: 'docker-compose.yml',
        text:
          `services:\n  app:\n    image: demo\n    environment:\n      - NODE_ENV=production\n` +
          `      - ${name}=${value}\n`,
      };
    case 'shell':
      return { path: 'scripts/deploy.sh', text: `#!/bin/sh\nset -eu\nexport ${name}="${value}"\n./deploy --prod\n` };
    case 'markdown':
      return {
        path: 'docs/SETUP.md',
        text: `# Setup\n\nRun with:\n\n\`\`\`bash\n${name}=${value} npm start\n\`\`\`\n`,
      };
    case 'notebook': {
      const nb = {
        cells: [
          {
            cell_type: 'code',
            metadata: {},
            source: ['import os\n', `${name} = "${value}"\n`, 'print("ok")\n'],
            outputs: [],
          },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      };
      return { path: 'notebooks/explore.ipynb', text: JSON.stringify(nb, null, 1) };
    }
  }
}
