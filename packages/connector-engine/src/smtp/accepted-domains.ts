import type { AcceptedDomain } from '../model/schemas.ts';

/** The domain part of an SMTP address, lower-cased; null when the address has none. */
export function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  return at > 0 && at < address.length - 1 ? address.slice(at + 1).toLowerCase() : null;
}

/**
 * Best (most specific) accepted domain for a domain (§8, AcceptedDomainMap.GetBestMatch): an exact entry wins;
 * `*.contoso.com` covers contoso.com and every subdomain, the longest such suffix winning.
 */
export function bestAcceptedDomain(domain: string, domains: readonly AcceptedDomain[]): AcceptedDomain | null {
  const d = domain.toLowerCase();
  let best: AcceptedDomain | null = null;
  let bestScore = -1;
  for (const entry of domains) {
    const name = entry.domainName.toLowerCase();
    let score = -1;
    if (name === d) score = 1000;
    else if (name.startsWith('*.')) {
      const base = name.slice(2);
      if (d === base || d.endsWith(`.${base}`)) score = base.length;
    }
    if (score > bestScore) {
      best = entry;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Which accepted-domain types count as "internal" for the sender-spoofing check (§6.4 step 2): certainly
 * Authoritative; InternalRelay probably (the code calls AcceptedDomainTable.CheckInternal, whose definition was
 * not found) [UNVERIFIED, §13 item 5]. We count InternalRelay as internal: its recipients live partly here.
 */
export const INTERNAL_DOMAIN_TYPES: ReadonlySet<AcceptedDomain['domainType']> = new Set(['Authoritative', 'InternalRelay']);

export function isInternalSenderDomain(domain: string, domains: readonly AcceptedDomain[]): boolean {
  const match = bestAcceptedDomain(domain, domains);
  return match !== null && INTERNAL_DOMAIN_TYPES.has(match.domainType);
}

/** A loose but safe SMTP path check: local@domain with no spaces or angle brackets. */
export function isValidAddress(address: string): boolean {
  return /^[^\s<>@]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(address) && address.length <= 320;
}
