// Generates a realistic Python + JS/TS corpus for benchmarks: web handlers, models, services, components,
// with a sprinkling of the mistakes Preflight and bandit look for. Deterministic for a given seed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Block = (i: number) => string;

/** Import lines each Python block needs; a module imports only what its blocks use, as real code does. */
const PY_IMPORTS: Record<string, string> = {
  fastapi: 'from fastapi import APIRouter, Depends, HTTPException',
  pydantic: 'from pydantic import BaseModel',
  db: 'from .db import ItemRow, Session, get_db',
  logging: 'import logging',
  subprocess: 'import subprocess',
  requests: 'import requests',
  yaml: 'import yaml',
  hashlib: 'import hashlib',
  os: 'import os',
};
const PY_NEEDS: string[][] = [
  ['pydantic'],
  ['fastapi', 'db'],
  ['logging'],
  [],
  ['fastapi'],
  ['subprocess'],
  ['requests'],
  ['yaml'],
  ['hashlib'],
  ['os'],
];

const PY_BLOCKS: Block[] = [
  (i) => `
class Item${i}(BaseModel):
    id: int
    name: str
    price: float = 0.0
    tags: list[str] = []

    def label(self) -> str:
        return f"{self.name} ({self.price:.2f})"
`,
  (i) => `
@router.get("/items${i}/{item_id}")
async def get_item_${i}(item_id: int, db: Session = Depends(get_db)):
    item = db.query(ItemRow).filter(ItemRow.id == item_id).first()
    if item is None:
        raise HTTPException(status_code=404, detail="not found")
    return {"id": item.id, "name": item.name, "price": item.price}
`,
  (i) => `
def summarize_${i}(rows: list[dict]) -> dict:
    total = 0
    by_tag: dict[str, int] = {}
    for row in rows:
        total += row.get("amount", 0)
        for tag in row.get("tags", []):
            by_tag[tag] = by_tag.get(tag, 0) + 1
    logger.info("summarized %d rows", len(rows))
    return {"total": total, "tags": by_tag}
`,
  (i) => `
def paginate_${i}(items: list, page: int = 1, size: int = 20) -> dict:
    if page < 1 or size < 1:
        raise ValueError("page and size must be positive")
    start = (page - 1) * size
    chunk = items[start:start + size]
    return {"page": page, "size": size, "items": chunk, "more": start + size < len(items)}
`,
  (i) => `
@router.post("/jobs${i}")
async def create_job_${i}(payload: dict):
    try:
        job_id = payload["name"].strip().lower()
        return {"id": job_id, "queued": True}
    except Exception as e:
        raise HTTPException(status_code=500, detail=str(e))
`,
  (i) => `
def convert_${i}(path: str) -> str:
    out = path + ".pdf"
    subprocess.run(f"libreoffice --headless --convert-to pdf {path}", shell=True, check=True)
    return out
`,
  (i) => `
def fetch_status_${i}(url: str) -> int:
    resp = requests.get(url, timeout=5, verify=False)
    return resp.status_code
`,
  (i) => `
def load_config_${i}(text: str) -> dict:
    data = yaml.load(text, Loader=yaml.Loader)
    return data or {}
`,
  (i) => `
def password_digest_${i}(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()
`,
  (i) => `
def settings_${i}() -> dict:
    return {
        "database": os.environ.get("DATABASE_URL", "sqlite:///local.db"),
        "workers": int(os.environ.get("WORKERS", "2")),
        "region": os.environ.get("REGION", "eu-west-1"),
    }
`,
];

const JS_BLOCKS: Block[] = [
  (i) => `
router.get("/api/items${i}/:id", async (req, res) => {
  const item = await db.items.findById(Number(req.params.id));
  if (!item) return res.status(404).json({ error: "not found" });
  res.json({ id: item.id, name: item.name, price: item.price });
});
`,
  (i) => `
function formatPrice${i}(cents, currency = "EUR") {
  const value = (cents / 100).toFixed(2);
  const symbols = { EUR: "€", USD: "$", GBP: "£" };
  return \`\${symbols[currency] ?? currency} \${value}\`;
}
`,
  (i) => `
async function loadList${i}(url) {
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(\`request failed: \${res.status}\`);
  const rows = await res.json();
  return rows.filter((r) => r.visible).map((r) => ({ ...r, label: r.name.trim() }));
}
`,
  (i) => `
function renderRows${i}(rows) {
  const table = document.getElementById("rows-${i}");
  table.innerHTML = rows.map((r) => \`<tr><td>\${r.name}</td><td>\${r.price}</td></tr>\`).join("");
}
`,
  (i) => `
router.post("/api/orders${i}", async (req, res) => {
  try {
    const order = await db.orders.create({ items: req.body.items, owner: req.user.id });
    res.status(201).json(order);
  } catch (err) {
    res.status(500).json({ error: err.message });
  }
});
`,
  (i) => `
function debounce${i}(fn, wait = 200) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
}
`,
  (i) => `
class Cart${i} {
  constructor() { this.lines = new Map(); }
  add(sku, qty = 1) { this.lines.set(sku, (this.lines.get(sku) ?? 0) + qty); }
  remove(sku) { this.lines.delete(sku); }
  get count() { let n = 0; for (const q of this.lines.values()) n += q; return n; }
}
`,
];

/** A small deterministic PRNG, so every run benchmarks the same corpus. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function pythonFile(base: number, targetLines: number, next: () => number): string {
  const needs = new Set<string>();
  let body = '';
  let n = 0;
  while (body.split('\n').length < targetLines - 8) {
    const k = Math.floor(next() * PY_BLOCKS.length);
    for (const need of PY_NEEDS[k]) needs.add(need);
    body += PY_BLOCKS[k](base * 100 + n++);
  }
  const imports = [...needs].sort().map((k) => PY_IMPORTS[k]);
  const setup = [
    needs.has('logging') ? 'logger = logging.getLogger(__name__)' : '',
    needs.has('fastapi') ? 'router = APIRouter()' : '',
  ].filter(Boolean);
  return (
    `"""Module generated for the Preflight benchmark: a slice of a FastAPI service."""\n${imports.join('\n')}\n` +
    `\n${setup.join('\n')}\n${body}`
  );
}

function jsFile(base: number, targetLines: number, next: () => number): string {
  let body = '';
  let n = 0;
  while (body.split('\n').length < targetLines - 4)
    body += JS_BLOCKS[Math.floor(next() * JS_BLOCKS.length)](base * 100 + n++);
  const express = body.includes('router.')
    ? 'const express = require("express");\nconst router = express.Router();\n'
    : '';
  return (
    `// Module generated for the Preflight benchmark: a slice of an Express + browser app.\n${express}${body}\n` +
    `module.exports = {};\n`
  );
}

export interface Corpus {
  files: number;
  lines: number;
  bytes: number;
  pyFiles: number;
}

/** Writes `count` files (half Python, half JS) of about `linesPerFile` lines under dir/py and dir/js. */
export function writeCorpus(dir: string, count: number, linesPerFile: number, seed = 42): Corpus {
  const next = rng(seed);
  const stats: Corpus = { files: 0, lines: 0, bytes: 0, pyFiles: 0 };
  for (let i = 0; i < count; i++) {
    const py = i % 2 === 0;
    const folder = join(dir, py ? 'py' : 'js', `pkg${i % 25}`);
    mkdirSync(folder, { recursive: true });
    const target = Math.round(linesPerFile * (0.5 + next()));
    const text = py ? pythonFile(i, target, next) : jsFile(i, target, next);
    writeFileSync(join(folder, py ? `module_${i}.py` : `module_${i}.js`), text);
    stats.files++;
    stats.lines += text.split('\n').length;
    stats.bytes += Buffer.byteLength(text);
    if (py) stats.pyFiles++;
  }
  return stats;
}
