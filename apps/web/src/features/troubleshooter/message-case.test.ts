import { describe, expect, it } from 'vitest';
import { EMPTY_CASE, caseFromParams, caseToParams, toSimulateRequest, type RelayCase } from './case.ts';
import { recipientsFromText } from './recipients.ts';

const partnerCase: RelayCase = {
  ...EMPTY_CASE,
  server: 'HUB01',
  localEndpoint: '10.0.0.11:25',
  remoteIp: '192.0.2.25',
  tls: true,
  helo: 'mx.partner.example',
  mailFrom: 'orders@partner.example',
  rcptTo: ['alice@contoso.com'],
  certificate: { domain: 'partner.example', valid: false },
  headers: ['Received: from mx.partner.example', 'X-MS-Exchange-Organization-SCL: -1'],
};

describe('a partner case with a client certificate and headers', () => {
  it('round-trips through the URL and becomes clientCertificate and headers in the request', () => {
    const params = caseToParams(partnerCase);
    expect(params.get('cert')).toBe('partner.example');
    expect(params.get('certinvalid')).toBe('1');
    expect(caseFromParams(params)).toEqual(partnerCase);
    expect(toSimulateRequest(partnerCase)).toMatchObject({
      clientCertificate: { domain: 'partner.example', valid: false },
      headers: ['Received: from mx.partner.example', 'X-MS-Exchange-Organization-SCL: -1'],
    });
    expect(toSimulateRequest({ ...partnerCase, certificate: null, headers: [] })).not.toHaveProperty('clientCertificate');
  });
});

describe('recipients from a file', () => {
  it('reads one address a line, or the address columns of a CSV export, once each', () => {
    expect(recipientsFromText('Name,Email\r\n"Alice",alice@contoso.com\r\nBob,<bob@contoso.com>\r\nAlice again,ALICE@contoso.com\n')).toEqual({
      recipients: ['alice@contoso.com', 'bob@contoso.com'],
      dropped: 0,
    });
    expect(recipientsFromText('a@x.example\nb@x.example;c@x.example\td@x.example').recipients).toEqual(['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example']);
  });

  it('keeps at most 5,000 and says how many it left out', () => {
    const text = Array.from({ length: 5003 }, (_, i) => `u${i}@contoso.com`).join('\n');
    const { recipients, dropped } = recipientsFromText(text);
    expect(recipients).toHaveLength(5000);
    expect(dropped).toBe(3);
  });
});
