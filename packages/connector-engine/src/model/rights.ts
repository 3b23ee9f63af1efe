/**
 * Extended rights on a receive connector (domain reference §6.1). Names as Exchange spells them;
 * Exchange matches them case-insensitively (§10.3), so every lookup goes through `canonicalRight`.
 */
export const RECEIVE_RIGHTS = [
  'ms-Exch-SMTP-Submit',
  'ms-Exch-SMTP-Accept-Any-Recipient',
  'ms-Exch-SMTP-Accept-Any-Sender',
  'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender',
  'ms-Exch-SMTP-Accept-Authentication-Flag',
  'ms-Exch-SMTP-Accept-Exch50',
  'ms-Exch-Bypass-Anti-Spam',
  'ms-Exch-Bypass-Message-Size-Limit',
  'ms-Exch-Accept-Headers-Routing',
  'ms-Exch-Accept-Headers-Organization',
  'ms-Exch-Accept-Headers-Forest',
] as const;

/** Rights that exist on the object but never count when PermissionGroups is read back (§2.5, §6.1 notes). */
export const IGNORED_FOR_READBACK_RIGHTS = [
  'ms-Exch-SMTP-Submit-For-MLS',
  // Exchange 2010+ only; on a 2007 server it is ignored by the read-back (§2.5).
  'ms-Exch-SMTP-Accept-XShadow',
  // Send-side rights (§6.2): they belong on send connectors and are ignored on receive connectors.
  'ms-Exch-Send-Headers-Routing',
  'ms-Exch-Send-Headers-Organization',
  'ms-Exch-Send-Headers-Forest',
  'ms-Exch-SMTP-Send-Exch50',
  'ms-Exch-SMTP-Send-XShadow',
] as const;

export const ALL_RIGHTS = [...RECEIVE_RIGHTS, ...IGNORED_FOR_READBACK_RIGHTS] as const;

export type ReceiveRight = (typeof RECEIVE_RIGHTS)[number];
export type ExtendedRight = (typeof ALL_RIGHTS)[number];

const byLowerName = new Map<string, ExtendedRight>(ALL_RIGHTS.map((r) => [r.toLowerCase(), r]));

/**
 * Some blog posts write "Accept-Authoritative-Domain" without "-Sender"; the reference says to treat it as the
 * same right and not invent another one [UNVERIFIED that none exists] (§6.1 identifier notes).
 */
byLowerName.set('ms-exch-smtp-accept-authoritative-domain', 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender');

/** The canonical spelling of a right, or undefined when Exchange has no such right. */
export function canonicalRight(name: string): ExtendedRight | undefined {
  return byLowerName.get(name.toLowerCase());
}

export function isReceiveRight(right: string): right is ReceiveRight {
  return (RECEIVE_RIGHTS as readonly string[]).includes(right);
}

/** Display names on the AD ACE (§6.1), used by the console next to the schema names. */
export const RIGHT_DISPLAY_NAMES: Record<ReceiveRight, string> = {
  'ms-Exch-SMTP-Submit': 'Submit Messages to Server',
  'ms-Exch-SMTP-Accept-Any-Recipient': 'Submit Messages to any Recipient',
  'ms-Exch-SMTP-Accept-Any-Sender': 'Accept Any Sender',
  'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender': 'Accept Authoritative Domain Sender',
  'ms-Exch-SMTP-Accept-Authentication-Flag': 'Accept Authentication Flag',
  'ms-Exch-SMTP-Accept-Exch50': 'Accept EXCH50',
  'ms-Exch-Bypass-Anti-Spam': 'Bypass Anti-Spam',
  'ms-Exch-Bypass-Message-Size-Limit': 'Bypass Message Size Limit',
  'ms-Exch-Accept-Headers-Routing': 'Accept Routing Headers',
  'ms-Exch-Accept-Headers-Organization': 'Accept Organization Headers',
  'ms-Exch-Accept-Headers-Forest': 'Accept Forest Headers',
};

/** What a session cannot do without the right: the SMTP consequence of §6.1, in words for the help desk. */
export const RIGHT_CONSEQUENCES: Record<ReceiveRight, string> = {
  'ms-Exch-SMTP-Submit':
    'Cannot submit mail at all: MAIL FROM is refused (530 5.7.1 Client was not authenticated for anonymous sessions, 550 5.7.1 Client does not have permissions to submit to this server for signed-in ones).',
  'ms-Exch-SMTP-Accept-Any-Recipient':
    'Cannot relay: RCPT TO an address outside every accepted domain gets 550 5.7.1 Unable to relay.',
  'ms-Exch-SMTP-Accept-Any-Sender':
    'Cannot send as an address in a domain that is not internal: 550 5.7.1 … does not have permissions to send as this sender.',
  'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender':
    'Cannot send as an address in an authoritative domain unless the account owns it or holds Send-As.',
  'ms-Exch-SMTP-Accept-Authentication-Flag':
    'The AUTH= parameter on MAIL FROM is ignored; messages are treated as unauthenticated and external.',
  'ms-Exch-SMTP-Accept-Exch50': 'XEXCH50 is refused with 504 5.7.1 Not authorized.',
  'ms-Exch-Bypass-Anti-Spam': 'Messages go through the antispam agents.',
  'ms-Exch-Bypass-Message-Size-Limit':
    'The connector limits apply: 552 5.3.4 Message size exceeds fixed maximum message size, 452 4.5.3 Too many recipients.',
  'ms-Exch-Accept-Headers-Routing': 'Received: and Resent-* headers are stripped (header firewall).',
  'ms-Exch-Accept-Headers-Organization': 'X-MS-Exchange-Organization-* headers are stripped.',
  'ms-Exch-Accept-Headers-Forest': 'X-MS-Exchange-Forest-* headers are stripped.',
};
