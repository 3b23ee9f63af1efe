import { PrincipalPatchBodySchema, type PrincipalPatchBody } from '@cc/api-contract';
import { samePrincipal, type Principal } from '@cc/connector-engine';
import { lines } from '../../lib/form-issues.ts';

type Lists = Pick<Principal, 'emailAddresses' | 'memberOf' | 'sendAs'>;
type ListField = keyof Lists;

/** What the edit form holds: values to remove, text of values to add (one a line), the groups ticked. */
export interface PrincipalEditDraft {
  removeAddresses: string[];
  addAddresses: string;
  memberOf: string[];
  removeSendAs: string[];
  addSendAs: string;
}

export const draftFor = (p: Lists): PrincipalEditDraft => ({ removeAddresses: [], addAddresses: '', memberOf: [...p.memberOf], removeSendAs: [], addSendAs: '' });

const missingFrom = (values: readonly string[], other: readonly string[]) => values.filter((v) => !other.some((o) => samePrincipal(o, v)));

/**
 * The draft as the API's additive PATCH (only the lists that change, each as `{ add, remove }`), checked with the
 * contract's own schema so a typo is shown beside its field before anything is sent. `change` is null when
 * nothing would change.
 */
export function patchFromDraft(current: Lists, draft: PrincipalEditDraft): { change: PrincipalPatchBody | null; errors: Partial<Record<ListField, string[]>> } {
  const edits: Record<ListField, { add: string[]; remove: string[] }> = {
    emailAddresses: { add: lines(draft.addAddresses), remove: draft.removeAddresses },
    memberOf: { add: missingFrom(draft.memberOf, current.memberOf), remove: missingFrom(current.memberOf, draft.memberOf) },
    sendAs: { add: lines(draft.addSendAs), remove: draft.removeSendAs },
  };
  const change: Record<string, { add?: string[]; remove?: string[] }> = {};
  for (const [field, edit] of Object.entries(edits)) {
    if (edit.add.length === 0 && edit.remove.length === 0) continue;
    change[field] = { ...(edit.add.length > 0 ? { add: edit.add } : {}), ...(edit.remove.length > 0 ? { remove: edit.remove } : {}) };
  }
  if (Object.keys(change).length === 0) return { change: null, errors: {} };
  const parsed = PrincipalPatchBodySchema.safeParse(change);
  if (parsed.success) return { change: parsed.data, errors: {} };
  const errors: Partial<Record<ListField, string[]>> = {};
  for (const issue of parsed.error.issues) {
    const [field, list, index] = issue.path;
    const line = list === 'add' && typeof index === 'number' ? `Line ${index + 1}: ` : '';
    (errors[field as ListField] ??= []).push(`${line}${issue.message}`);
  }
  return { change: null, errors };
}
