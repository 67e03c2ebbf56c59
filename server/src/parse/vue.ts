// Vue single-file components: the script blocks are parsed as TypeScript, the template is scanned.
const SCRIPT_BLOCK = /(<script\b[^>]*>)([\s\S]*?)(<\/script\s*>)/gi;

/** Replaces everything outside <script> bodies with spaces (newlines kept) so offsets stay valid. */
export function blankOutsideVueScripts(text: string): string {
  let result = '';
  let last = 0;
  for (const m of text.matchAll(SCRIPT_BLOCK)) {
    const bodyStart = (m.index ?? 0) + m[1].length;
    result += blank(text.slice(last, bodyStart)) + m[2];
    last = bodyStart + m[2].length;
  }
  return result + blank(text.slice(last));
}

function blank(s: string): string {
  return s.replace(/[^\n\r]/g, ' ');
}

/** The `<template>` section's range, for attribute checks such as v-html. */
export function vueTemplateRange(text: string): { start: number; end: number } | undefined {
  const open = /<template\b[^>]*>/i.exec(text);
  if (!open) return undefined;
  const start = open.index + open[0].length;
  const close = text.lastIndexOf('</template>');
  return { start, end: close > start ? close : text.length };
}
