import { AndFilter, EqualityFilter, ExtensibleFilter, NotFilter, OrFilter, SubstringFilter, type Filter } from 'ldapts';

export const USERNAME_PLACEHOLDER = '{username}';

/**
 * The configured filter is parsed once; the typed name is then placed into the parsed tree as an assertion value,
 * which goes onto the wire as BER octets. It never passes through filter text, so `*`, `)(` or NUL in a name are
 * only characters of a name (RFC 4515 escaping is what `toString()` shows for the log).
 */
export function bindUserFilter(filter: Filter, username: string): Filter {
  if (filter instanceof AndFilter) return new AndFilter({ filters: filter.filters.map((f) => bindUserFilter(f, username)) });
  if (filter instanceof OrFilter) return new OrFilter({ filters: filter.filters.map((f) => bindUserFilter(f, username)) });
  if (filter instanceof NotFilter) return new NotFilter({ filter: bindUserFilter(filter.filter, username) });
  if (filter instanceof EqualityFilter && filter.value === USERNAME_PLACEHOLDER) return new EqualityFilter({ attribute: filter.attribute, value: username });
  if (filter instanceof ExtensibleFilter && filter.value === USERNAME_PLACEHOLDER)
    return new ExtensibleFilter({ matchType: filter.matchType, rule: filter.rule, value: username, dnAttributes: filter.dnAttributes });
  return filter;
}

function placeholders(filter: Filter): { equality: number; elsewhere: boolean } {
  if (filter instanceof AndFilter || filter instanceof OrFilter)
    return filter.filters.map(placeholders).reduce((a, b) => ({ equality: a.equality + b.equality, elsewhere: a.elsewhere || b.elsewhere }), { equality: 0, elsewhere: false });
  if (filter instanceof NotFilter) return placeholders(filter.filter);
  if (filter instanceof EqualityFilter || filter instanceof ExtensibleFilter) return { equality: filter.value === USERNAME_PLACEHOLDER ? 1 : 0, elsewhere: false };
  if (filter instanceof SubstringFilter) return { equality: 0, elsewhere: filter.toString().includes('{username}') };
  return { equality: 0, elsewhere: filter.toString().includes('{username}') };
}

/** Why a configured user filter cannot be used, or null. */
export function checkUserFilter(filter: Filter): string | null {
  const found = placeholders(filter);
  if (found.elsewhere) return `may use ${USERNAME_PLACEHOLDER} only as a whole value, as in (sAMAccountName=${USERNAME_PLACEHOLDER}); wildcards around it would let a name match other people`;
  if (found.equality === 0) return `must contain ${USERNAME_PLACEHOLDER} as a value, e.g. (sAMAccountName=${USERNAME_PLACEHOLDER})`;
  return null;
}
