// Adds the `request: Request` parameter slowapi needs, with its import (FastAPI or Starlette).
import type { Node, TextEdit, TreeContext } from '../core/types';
import { ensurePythonFromImport } from './fixes';
import { paramNames } from './python';
import { kids } from './tree';

export function hasRequestParam(fn: Node): boolean {
  const names = paramNames(fn);
  return names.includes('request') || names.includes('websocket');
}

/** Edits adding `request: Request` first in the parameter list, plus the import; [] if already there. */
export function addRequestParam(ctx: TreeContext, fn: Node): TextEdit[] {
  const params = fn.childForFieldName('parameters');
  if (!params || hasRequestParam(fn)) return [];
  const newText = kids(params).length > 0 ? 'request: Request, ' : 'request: Request';
  const module = /\bfrom fastapi\b|\bimport fastapi\b/.test(ctx.text) ? 'fastapi' : 'starlette.requests';
  return [
    { start: params.startIndex + 1, end: params.startIndex + 1, newText },
    ...ensurePythonFromImport(ctx.root, module, 'Request'),
  ];
}
