/** The troubleshooter form's own text state, and the case it stands for. */
import { normaliseAddress, splitRecipients } from './addresses.ts';
import { signInFromParam, signInToParam, type RelayCase } from './case.ts';

/** Recipients as typed (one a line) and the size in KB, as the agent wrote them. */
export interface FormState {
  server: string;
  localEndpoint: string;
  remoteIp: string;
  tls: boolean;
  signIn: string;
  helo: string;
  mailFrom: string;
  rcptText: string;
  sizeKb: string;
  expectedReply: string;
  certDomain: string;
  certValid: boolean;
  headersText: string;
}

export function toForm(c: RelayCase): FormState {
  return {
    server: c.server,
    localEndpoint: c.localEndpoint,
    remoteIp: c.remoteIp,
    tls: c.tls,
    signIn: signInToParam(c.signIn),
    helo: c.helo,
    mailFrom: c.mailFrom,
    rcptText: c.rcptTo.join('\n'),
    sizeKb: c.messageSize === null ? '' : String(Math.round((c.messageSize / 1024) * 100) / 100),
    expectedReply: c.expectedReply,
    certDomain: c.certificate?.domain ?? '',
    certValid: c.certificate?.valid ?? true,
    headersText: c.headers.join('\n'),
  };
}

export const SIZE_KB = /^\d{1,9}(\.\d{1,2})?$/;

export function toCase(f: FormState): RelayCase {
  const size = f.sizeKb.trim();
  return {
    server: f.server,
    localEndpoint: f.localEndpoint,
    remoteIp: f.remoteIp.trim(),
    tls: f.tls,
    signIn: signInFromParam(f.signIn),
    helo: f.helo.trim(),
    mailFrom: normaliseAddress(f.mailFrom).address,
    rcptTo: splitRecipients(f.rcptText),
    messageSize: SIZE_KB.test(size) ? Math.round(Number(size) * 1024) : null,
    expectedReply: f.expectedReply.trim(),
    certificate: f.tls && f.certDomain.trim() !== '' ? { domain: f.certDomain.trim(), valid: f.certValid } : null,
    headers: f.headersText.split('\n').filter((h) => h.trim() !== ''),
  };
}
