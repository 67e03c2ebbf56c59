// The one masking rule: no output ever shows a whole secret, only its first four characters.
export function mask(secret: string): string {
  const visible = secret.length > 8 ? secret.slice(0, 4) : secret.slice(0, Math.min(2, secret.length));
  return `${visible}… (${secret.length} chars)`;
}

/** Replaces every occurrence of each secret in a piece of output text with its masked form. */
export function maskAll(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const s of secrets) if (s.length >= 6) result = result.split(s).join(mask(s));
  return result;
}
