/** zod issues (from the engine's schemas) grouped by their top-level field, for the organisation pages' forms. */
export function issuesByField(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    const index = typeof issue.path[1] === 'number' ? issue.path[1] : null;
    const message = index === null ? issue.message : `Line ${index + 1}: ${issue.message}`;
    (out[field] ??= []).push(message);
  }
  return out;
}

/** One value a line (blank lines dropped), as the forms take lists of addresses and names. */
export const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
