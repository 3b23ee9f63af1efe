/**
 * Distinguished names as directories compare them: attribute types and (for the values AD and OpenLDAP use in
 * group DNs) values case-insensitively, spaces around separators ignored.
 */
export function normaliseDn(dn: string): string {
  return dn
    .trim()
    .replace(/\s*(?<!\\)([,=+])\s*/g, '$1')
    .toLowerCase();
}

export const sameDn = (a: string, b: string): boolean => normaliseDn(a) === normaliseDn(b);

/** RFC 4514 §2.4: escapes a value placed into a DN (used for a direct-bind template). */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/\0/g, '\\00')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');
}
