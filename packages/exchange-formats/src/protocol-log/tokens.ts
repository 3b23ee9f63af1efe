import { isReceiveRight, type ReceiveRight } from '@cc/connector-engine';

/**
 * "Set Session Permissions" tokens in the order Exchange prints them (ascending bit of its Permission enum) with the
 * extended right each one stands for (shared/domain/protocol-logs.md §5.2). An explicit table: the naming rule does
 * not produce SendAs or SMTPSubmitForMLS. The 2013-only tokens are known so they are not reported as unreadable.
 */
export const PERMISSION_TOKENS: readonly (readonly [token: string, right: string])[] = [
  ['SMTPSubmit', 'ms-Exch-SMTP-Submit'],
  ['SMTPSubmitForMLS', 'ms-Exch-SMTP-Submit-For-MLS'],
  ['SMTPAcceptAnyRecipient', 'ms-Exch-SMTP-Accept-Any-Recipient'],
  ['SMTPAcceptAuthenticationFlag', 'ms-Exch-SMTP-Accept-Authentication-Flag'],
  ['SMTPAcceptAnySender', 'ms-Exch-SMTP-Accept-Any-Sender'],
  ['SMTPAcceptAuthoritativeDomainSender', 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender'],
  ['BypassAntiSpam', 'ms-Exch-Bypass-Anti-Spam'],
  ['BypassMessageSizeLimit', 'ms-Exch-Bypass-Message-Size-Limit'],
  ['SMTPSendEXCH50', 'ms-Exch-SMTP-Send-Exch50'],
  ['SMTPAcceptEXCH50', 'ms-Exch-SMTP-Accept-Exch50'],
  ['AcceptRoutingHeaders', 'ms-Exch-Accept-Headers-Routing'],
  ['AcceptForestHeaders', 'ms-Exch-Accept-Headers-Forest'],
  ['AcceptOrganizationHeaders', 'ms-Exch-Accept-Headers-Organization'],
  ['SendRoutingHeaders', 'ms-Exch-Send-Headers-Routing'],
  ['SendForestHeaders', 'ms-Exch-Send-Headers-Forest'],
  ['SendOrganizationHeaders', 'ms-Exch-Send-Headers-Organization'],
  ['SendAs', 'Send-As'],
  ['SMTPSendXShadow', 'ms-Exch-SMTP-Send-XShadow'],
  ['SMTPAcceptXShadow', 'ms-Exch-SMTP-Accept-XShadow'],
  ['SMTPAcceptXProxyFrom', 'ms-Exch-SMTP-Accept-XProxyFrom'],
  ['SMTPAcceptXSessionParams', 'ms-Exch-SMTP-Accept-XSessionParams'],
  ['SMTPAcceptXMessageContextADRecipientCache', 'ms-Exch-SMTP-Accept-XMessageContext-ADRecipientCache'],
  ['SMTPAcceptXMessageContextExtendedProperties', 'ms-Exch-SMTP-Accept-XMessageContext-ExtendedProperties'],
  ['SMTPAcceptXMessageContextFastIndex', 'ms-Exch-SMTP-Accept-XMessageContext-FastIndex'],
  ['SMTPAcceptXAttr', 'ms-Exch-SMTP-Accept-XAttr'],
  ['SMTPAcceptXSysProbe', 'ms-Exch-SMTP-Accept-XSysProbe'],
];

const rightByToken = new Map(PERMISSION_TOKENS.map(([token, right]) => [token.toLowerCase(), right]));
const tokenByRight = new Map(PERMISSION_TOKENS.map(([token, right]) => [right.toLowerCase(), token]));
const order = new Map(PERMISSION_TOKENS.map(([token], i) => [token, i]));

export interface SessionPermissions {
  /** The tokens as logged. */
  tokens: string[];
  /** The receive-connector rights the console models (what replay compares). */
  rights: ReceiveRight[];
  /** Known tokens the console does not model on a receive connector (send-side, MLS, XShadow, 2013 proxy rights). */
  unmodelled: string[];
  /** Tokens that are in no table: a newer Exchange or an edited excerpt. */
  unknown: string[];
}

/** Reads a "Set Session Permissions" data field (`None` is the empty set). */
export function readPermissionTokens(data: string): SessionPermissions {
  const tokens = data.split(/\s+/).filter((t) => t !== '' && t.toLowerCase() !== 'none');
  const result: SessionPermissions = { tokens, rights: [], unmodelled: [], unknown: [] };
  for (const token of tokens) {
    const right = rightByToken.get(token.toLowerCase());
    if (!right) result.unknown.push(token);
    else if (isReceiveRight(right)) result.rights.push(right);
    else result.unmodelled.push(token);
  }
  return result;
}

/** The token string Exchange would log for a set of rights: ascending bit order, `None` when empty. */
export function permissionTokenString(rights: readonly string[]): string {
  const tokens = rights.map((r) => tokenByRight.get(r.toLowerCase())).filter((t): t is string => t !== undefined);
  tokens.sort((a, b) => order.get(a)! - order.get(b)!);
  return tokens.length > 0 ? tokens.join(' ') : 'None';
}

export const tokenOfRight = (right: string): string | undefined => tokenByRight.get(right.toLowerCase());
