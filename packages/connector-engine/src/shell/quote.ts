/**
 * PowerShell single-quoted literal (quality doc §3.5): inside '…' nothing expands ($, $(), backtick and " are
 * inert) and the only escape is doubling the quote. PowerShell also treats U+2018–U+201B as single quotes, so
 * those are doubled too — the rule of CodeGeneration.EscapeSingleQuotedStringContent.
 */
const SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

export function psQuote(value: string): string {
  return `'${value.replace(SINGLE_QUOTES, (q) => q + q)}'`;
}

/** A multi-valued parameter: 'a','b'. */
export const psList = (values: readonly string[]): string => values.map(psQuote).join(',');
