// Splits a command written as text with substitutions (`f"git log {ref}"`, `` `ls ${dir}` ``) into argv
// tokens, but only when no shell feature is involved: then list/args form runs exactly the same program.
import type { Node } from '../../core/types';

export type Part = { text: string } | { expr: Node };
export type Token = { literal: string } | { expr: Node };

const SHELL_CHARS = /[|&;<>()$`\\"'*?[\]{}~#=%!\n]/;

export function splitCommand(parts: readonly Part[]): Token[] | undefined {
  const tokens: Token[] = [];
  let open = false; // is the last token a literal that the next part may continue?
  for (const part of parts) {
    if ('expr' in part) {
      if (open) return undefined; // `--out={x}` glues text and value: not a simple split
      tokens.push({ expr: part.expr });
      open = false;
      continue;
    }
    if (SHELL_CHARS.test(part.text)) return undefined;
    const glued = tokens.length > 0 && 'expr' in tokens[tokens.length - 1] && /^\S/.test(part.text);
    if (glued) return undefined;
    const words = part.text.split(/\s+/).filter(Boolean);
    for (const w of words) tokens.push({ literal: w });
    open = words.length > 0 && /\S$/.test(part.text);
  }
  return tokens.length && 'literal' in tokens[0] ? tokens : undefined;
}
