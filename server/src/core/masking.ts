// The one masking rule: no output ever shows a whole secret, only its first four characters.
export function mask(secret: string): string {
  const visible = secret.length > 8 ? secret.slice(0, 4) : secret.slice(0, Math.min(2, secret.length));
  return `${visible}… (${secret.length} chars)`;
}
