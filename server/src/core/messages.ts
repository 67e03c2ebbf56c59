// A rule's message templates (`meta.messages`) filled from a report's `data`, like typescript-eslint's.
import type { RuleMeta } from './types';

/** `{{name}}`, without spaces: `{{ value }}` stays literal text (a template's syntax quoted in a message). */
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/**
 * The text of message `messageId` of a rule with every `{{name}}` replaced by `data[name]`. Throws on an id the
 * rule does not declare or a placeholder without data, so a typo fails the rule's tests instead of shipping.
 */
export function formatMessage(
  meta: Pick<RuleMeta, 'id' | 'messages'>,
  messageId: string,
  data: Readonly<Record<string, string | number>> = {},
): string {
  const template = Object.hasOwn(meta.messages, messageId) ? meta.messages[messageId] : undefined;
  if (template === undefined) throw new Error(`${meta.id}: message id "${messageId}" is not in meta.messages`);
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(data, name)) throw new Error(`${meta.id}: message "${messageId}" needs data.${name}`);
    return String(data[name]);
  });
}

/** The placeholder names a template uses, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}
