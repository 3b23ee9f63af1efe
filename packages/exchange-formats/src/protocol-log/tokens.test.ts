import { describe, expect, it } from 'vitest';
import { permissionTokenString, readPermissionTokens } from './tokens.ts';

describe('"Set Session Permissions" tokens ↔ extended rights (protocol-logs.md §5.2)', () => {
  it('reads modelled rights, keeps send-side and 2010+ tokens apart, and reports tokens it does not know', () => {
    expect(readPermissionTokens('SMTPSubmit SMTPSubmitForMLS SMTPSendXShadow SMTPAcceptXShadow AcceptOrganizationHeaders SMTPAcceptXFuture')).toEqual({
      tokens: ['SMTPSubmit', 'SMTPSubmitForMLS', 'SMTPSendXShadow', 'SMTPAcceptXShadow', 'AcceptOrganizationHeaders', 'SMTPAcceptXFuture'],
      rights: ['ms-Exch-SMTP-Submit', 'ms-Exch-Accept-Headers-Organization'],
      unmodelled: ['SMTPSubmitForMLS', 'SMTPSendXShadow', 'SMTPAcceptXShadow'],
      unknown: ['SMTPAcceptXFuture'],
    });
    expect(readPermissionTokens('None').tokens).toEqual([]);
  });

  it('prints rights in Exchange’s bit order, None when empty — the anonymous set exactly as 2010 logs it (P01, P02)', () => {
    expect(
      permissionTokenString(['ms-Exch-Accept-Headers-Routing', 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender', 'ms-Exch-SMTP-Accept-Any-Sender', 'ms-Exch-SMTP-Submit']),
    ).toBe('SMTPSubmit SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender AcceptRoutingHeaders');
    expect(permissionTokenString([])).toBe('None');
  });
});
