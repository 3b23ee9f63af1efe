/**
 * Exact SMTP reply texts (domain reference §6.5, from Exchange's SmtpResponse). 2007 uses the same texts for the
 * common cases (relay, submit, send-as); others may differ slightly in 2007 [UNVERIFIED, §6.5] — marked below.
 */
export const REPLY = {
  relayDenied: '550 5.7.1 Unable to relay',
  anonymousNotAuthenticated: '530 5.7.1 Client was not authenticated',
  submitDenied: '550 5.7.1 Client does not have permissions to submit to this server',
  sendAsDenied: '550 5.7.1 Client does not have permissions to send as this sender',
  anonymousSendAsDenied: '550 5.7.1 Anonymous client does not have permissions to send as this sender',
  messageTooLarge: '552 5.3.4 Message size exceeds fixed maximum message size',
  tooManyRecipients: '452 4.5.3 Too many recipients',
  /** 2013 code; what 2007 answers is not known [UNVERIFIED, §13 item 3]. */
  requireTls: '451 5.7.3 STARTTLS is required to send mail',
  domainSecureNotAuthenticated: '530 5.7.1 Not authenticated',
  domainSecureNoStartTls: '454 4.7.0 Temporary authentication failure',
  certificateValidationFailure: '454 4.7.5 Certificate validation failure',
  domainSecureDisallowed: '451 4.7.3 The admin has temporarily disallowed this secure domain',
  authOk: '235 2.7.0 Authentication successful',
  authFailed: '535 5.7.3 Authentication unsuccessful',
  authUnrecognized: '504 5.7.4 Unrecognized authentication type',
  exch50Denied: '504 5.7.1 Not authorized',
  senderOk: '250 2.1.0 Sender OK',
  recipientOk: '250 2.1.5 Recipient OK',
  startData: '354 Start mail input; end with <CRLF>.<CRLF>',
  sendHelloFirst: '503 5.5.2 Send hello first',
  needMail: '503 5.5.2 Need mail command',
  needRcpt: '503 5.5.2 Need rcpt command',
  senderAlreadySpecified: '503 5.5.2 Sender already specified',
  invalidRecipient: '501 5.1.3 Invalid address',
  invalidSender: '501 5.1.7 Invalid address',
  startTlsReady: '220 2.0.0 SMTP server ready',
  reset: '250 2.0.0 Resetting',
  ok: '250 2.0.0 OK',
  quit: '221 2.0.0 Service closing transmission channel',
  /** Exchange's text for an unknown verb is not in the reference [UNVERIFIED]; this is the common Exchange form. */
  unrecognizedCommand: '500 5.3.3 Unrecognized command',
  /** Reply to XEXCH50 when the right is held [UNVERIFIED]: the blob exchange itself is not simulated. */
  exch50Ready: '354 Send binary data',
} as const;

export const queued = (messageId: string): string => `250 2.6.0 ${messageId} Queued mail for delivery`;

/** RFC 5322 date as Exchange prints it in the banner. */
export function bannerDate(now: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days[now.getUTCDay()]}, ${now.getUTCDate()} ${months[now.getUTCMonth()]} ${now.getUTCFullYear()} ${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`;
}

/** The 220 greeting: a custom Banner replaces it whole (Set-ReceiveConnector -Banner "220 …"). */
export function greeting(fqdn: string, banner: string | null, now: Date): string {
  if (banner) return banner.startsWith('220') ? banner : `220 ${banner}`;
  return `220 ${fqdn} Microsoft ESMTP MAIL Service ready at ${bannerDate(now)}`;
}
