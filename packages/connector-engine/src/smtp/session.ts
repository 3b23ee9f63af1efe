import { compiledAclOf, hasAuth, type ConnectorState, type ServerContext } from '../connector/state.ts';
import type { ReceiveRight } from '../model/rights.ts';
import { evaluateRights, type RightDecision } from '../permissions/evaluate.ts';
import { resolveIdentity, type ResolvedIdentity, type SessionIdentity } from '../permissions/identity.ts';
import { isDomainSecured } from '../model/transport-settings.ts';
import { bestAcceptedDomain, domainOf, isInternalSenderDomain } from './accepted-domains.ts';
import { ehloLines, offeredAuth, offeredExps, offersStartTls } from './ehlo.ts';
import { messageTreatment, type MessageTreatment } from './message.ts';
import { REPLY, queued } from './replies.ts';
import { checkHelloArgument, parseMailFrom, parseRcptTo, type MailParameters } from './syntax.ts';
import type { DecisiveRight, ExchangeVersion, SimulateRequest, TranscriptLine } from './types.ts';

/** What went wrong, kept structured so the fixes can be chosen from it. */
export type Refusal =
  | { kind: 'relay'; recipient: string }
  | { kind: 'submit' }
  | { kind: 'sender'; address: string; internal: boolean; at: 'MAIL FROM' | 'end of data' }
  | { kind: 'size'; bytes: number }
  | { kind: 'recipients' }
  | { kind: 'requireTls' }
  | { kind: 'auth'; reason: string }
  | { kind: 'domainSecure'; reply: string }
  | { kind: 'exch50' };

export interface SessionEnvironment {
  ctx: ServerContext;
  connector: ConnectorState;
  request: SimulateRequest;
  version: ExchangeVersion;
  now: Date;
}

/** Per-recipient notes beyond this many are counted, not written: a 5,000-recipient case stays readable. */
const RECIPIENT_NOTES = 10;

interface SessionRights {
  resolved: ResolvedIdentity;
  decisions: RightDecision[];
  granted: Set<ReceiveRight>;
}

/** The rights granted from a point of the dialogue on: `atLine` is the transcript length when they were set. */
export interface SessionPermissionChange {
  atLine: number;
  granted: ReceiveRight[];
}

/** One simulated SMTP session on the selected connector (§6.3 order of checks). */
export class SmtpSession {
  readonly transcript: TranscriptLine[] = [];
  readonly notes: string[] = [];
  readonly decisive: DecisiveRight[] = [];
  readonly refusals: Refusal[] = [];
  readonly acceptedRecipients: string[] = [];
  /** Each time the session's rights are set (at connect, after AUTH or X-EXPS), as a protocol log records it. */
  readonly permissionChanges: SessionPermissionChange[] = [];
  /** How the queued message is treated; set when a message is accepted. */
  message: MessageTreatment | null = null;
  queued = false;
  closed = false;

  private hello = false;
  private tls = false;
  private mailFrom: string | null = null;
  private mailParams: MailParameters = { size: null, body: null, auth: null };
  private recipientNotes = 0;
  /** Recipients accepted in the current transaction; `acceptedRecipients` counts the whole session. */
  private transactionRecipients = 0;
  private rights!: SessionRights;
  private readonly acl;

  constructor(private readonly env: SessionEnvironment) {
    this.acl = compiledAclOf(env.connector, env.ctx);
    // From connect, an ExternalAuthoritative connector gives every session the Externally Secured identity (§3).
    this.setRights(this.rightsFor(hasAuth(env.connector, 'ExternalAuthoritative') ? { kind: 'externallySecured' } : { kind: 'anonymous' }));
    if (this.rights.resolved.identity.kind === 'externallySecured')
      this.notes.push(
        `${env.connector.name} is Externally Secured, so the session is trusted from the start as MS Exchange\\Externally Secured Servers; no authentication takes place.`,
      );
  }

  get identity(): ResolvedIdentity {
    return this.rights.resolved;
  }
  get decisions(): RightDecision[] {
    return this.rights.decisions;
  }
  /** The notes, with a count of the per-recipient notes left out. */
  get explanationNotes(): string[] {
    const omitted = this.recipientNotes - RECIPIENT_NOTES;
    return omitted > 0 ? [...this.notes, `… and ${omitted} more recipient(s), each decided the same way (see the transcript).`] : this.notes;
  }

  private rightsFor(identity: SessionIdentity): SessionRights {
    const { ctx } = this.env;
    const resolved = resolveIdentity(identity, ctx.directory, ctx.server.role, ctx.domain);
    const decisions = evaluateRights(this.acl, resolved.sids);
    return { resolved, decisions, granted: new Set(decisions.filter((d) => d.granted).map((d) => d.right)) };
  }

  private setRights(rights: SessionRights): void {
    this.rights = rights;
    this.permissionChanges.push({ atLine: this.transcript.length, granted: [...rights.granted] });
  }

  private has(right: ReceiveRight, command: string): boolean {
    const granted = this.rights.granted.has(right);
    // Once per right, answer and command: thousands of recipients must not repeat the same line.
    if (!this.decisive.some((d) => d.right === right && d.granted === granted && d.command === command)) this.decisive.push({ right, granted, command });
    return granted;
  }

  private recipientNote(text: string): void {
    if (++this.recipientNotes <= RECIPIENT_NOTES) this.notes.push(text);
  }

  /** Signed in with AUTH or Exchange Server authentication (§9.3); every other identity is anonymous-like. */
  private get authenticated(): boolean {
    const kind = this.rights.resolved.identity.kind;
    return kind === 'user' || kind === 'exchangeServer';
  }

  private get anonymousLike(): boolean {
    return !this.authenticated;
  }

  private reply(client: string | null, server: string): string {
    this.transcript.push({ client, server });
    return server;
  }

  banner(text: string): void {
    this.reply(null, text);
  }

  /** Handles one client line and returns the reply. */
  command(line: string): string {
    const verb = line.split(/\s|:/, 1)[0]!.toUpperCase();
    if (verb === 'QUIT') {
      this.closed = true;
      return this.reply(line, REPLY.quit);
    }
    if (verb === 'EHLO' || verb === 'HELO') return this.ehlo(line, verb);
    if (verb === 'NOOP') return this.reply(line, REPLY.ok);
    if (verb === 'RSET') {
      this.resetTransaction();
      return this.reply(line, REPLY.reset);
    }
    if (!this.hello && ['MAIL', 'RCPT', 'DATA', 'AUTH', 'STARTTLS', 'X-EXPS', 'XEXCH50'].includes(verb))
      return this.reply(line, REPLY.sendHelloFirst);
    switch (verb) {
      case 'STARTTLS':
        return this.startTls(line);
      case 'AUTH':
        return this.auth(line);
      case 'X-EXPS':
        return this.exchangeAuth(line);
      case 'MAIL':
        return this.mail(line);
      case 'RCPT':
        return this.rcpt(line);
      case 'DATA':
        return this.data(line);
      case 'XEXCH50':
        return this.exch50(line);
      default:
        return this.reply(line, REPLY.unrecognizedCommand);
    }
  }

  private resetTransaction(): void {
    this.mailFrom = null;
    this.mailParams = { size: null, body: null, auth: null };
    this.transactionRecipients = 0;
  }

  private ehlo(line: string, verb: string): string {
    const argument = checkHelloArgument(verb, line.slice(verb.length));
    if (!argument.ok) {
      this.notes.push(argument.why);
      return this.reply(line, argument.reply);
    }
    this.hello = true;
    this.resetTransaction();
    const { connector, ctx, request } = this.env;
    if (verb === 'HELO') return this.reply(line, `250 ${connector.fqdn} Hello [${request.remoteIp}]`);
    return this.reply(line, ehloLines({ connector, role: ctx.server.role, tls: this.tls }, request.remoteIp).join('\n'));
  }

  private startTls(line: string): string {
    const { connector, ctx } = this.env;
    if (!offersStartTls({ connector, role: ctx.server.role, tls: this.tls })) {
      this.notes.push(`${connector.name} does not offer STARTTLS (Transport Layer Security (TLS) is off), so the session stays unencrypted.`);
      return this.reply(line, REPLY.unrecognizedCommand);
    }
    this.tls = true;
    this.hello = false;
    return this.reply(line, REPLY.startTlsReady);
  }

  private auth(line: string): string {
    const { connector, ctx, request } = this.env;
    const mechanism = (line.split(/\s+/)[1] ?? '').toUpperCase();
    const offered = offeredAuth({ connector, role: ctx.server.role, tls: this.tls });
    if (!offered.includes(mechanism)) {
      const why =
        mechanism === 'LOGIN' && hasAuth(connector, 'BasicAuthRequireTLS') && !this.tls
          ? 'Basic authentication is offered only after STARTTLS on this connector'
          : `${connector.name} does not offer AUTH ${mechanism || '(none)'}`;
      this.refusals.push({ kind: 'auth', reason: why });
      this.notes.push(`Sign-in refused: ${why}.`);
      return this.reply(line, REPLY.authUnrecognized);
    }
    const account = request.authUser
      ? ctx.directory.find((p) => p.kind === 'user' && p.name.toLowerCase() === request.authUser!.toLowerCase())
      : undefined;
    if (!account) {
      this.refusals.push({ kind: 'auth', reason: `${request.authUser ?? 'no account'} is not a directory user` });
      this.notes.push(`Sign-in failed: ${request.authUser ?? 'no account was given'} is not a user in the directory.`);
      return this.reply(line, REPLY.authFailed);
    }
    const candidate = this.rightsFor({ kind: 'user', name: account.name });
    // AUTH replaces the session's permissions with the token's; without Submit, AUTH itself fails (§4.2).
    if (!candidate.granted.has('ms-Exch-SMTP-Submit')) {
      this.decisive.push({ right: 'ms-Exch-SMTP-Submit', granted: false, command: 'AUTH' });
      this.refusals.push({ kind: 'auth', reason: `${account.name} holds no ms-Exch-SMTP-Submit on this connector` });
      this.notes.push(
        `The password was right, but ${account.name} holds no ms-Exch-SMTP-Submit on ${connector.name}, and Exchange fails AUTH for a token that cannot submit.`,
      );
      return this.reply(line, REPLY.authFailed);
    }
    this.setRights(candidate);
    this.notes.push(`${account.name} signed in with AUTH ${mechanism}; from now on the session has that account's rights.`);
    return this.reply(line, REPLY.authOk);
  }

  private exchangeAuth(line: string): string {
    const { connector, ctx } = this.env;
    const mechanism = (line.split(/\s+/)[1] ?? '').toUpperCase();
    if (!offeredExps({ connector, role: ctx.server.role, tls: this.tls }).includes(mechanism)) {
      this.refusals.push({ kind: 'auth', reason: 'Exchange Server authentication is not offered' });
      this.notes.push(`${connector.name} does not offer Exchange Server authentication (X-EXPS ${mechanism}).`);
      return this.reply(line, REPLY.authUnrecognized);
    }
    this.setRights(this.rightsFor({ kind: 'exchangeServer' }));
    this.notes.push('The remote Exchange server authenticated with Exchange Server authentication.');
    return this.reply(line, REPLY.authOk);
  }

  private exch50(line: string): string {
    if (!this.has('ms-Exch-SMTP-Accept-Exch50', 'XEXCH50')) {
      this.refusals.push({ kind: 'exch50' });
      return this.reply(line, REPLY.exch50Denied);
    }
    return this.reply(line, REPLY.exch50Ready);
  }

  private mail(line: string): string {
    const parsed = parseMailFrom(line);
    if (!parsed.ok) {
      this.notes.push(parsed.why);
      return this.reply(line, parsed.reply);
    }
    const { address, params } = parsed.value;
    const { connector } = this.env;

    if (connector.requireTLS && !this.tls) {
      this.refusals.push({ kind: 'requireTls' });
      this.notes.push(`${connector.name} requires TLS (RequireTLS) and the client did not start TLS.`);
      return this.reply(line, REPLY.requireTls);
    }
    if (this.mailFrom !== null) return this.reply(line, REPLY.senderAlreadySpecified);

    // The Partner Servers identity lasts one transaction: the next MAIL FROM starts anonymous again (§9.3).
    if (this.rights.resolved.identity.kind === 'partner') this.setRights(this.rightsFor({ kind: 'anonymous' }));
    const secure = this.domainSecureUpgrade(address);
    if (secure) return this.reply(line, secure);

    if (!this.has('ms-Exch-SMTP-Submit', 'MAIL FROM')) {
      this.refusals.push({ kind: 'submit' });
      const who = this.rights.resolved.displayName;
      this.notes.push(
        `${who} holds no ms-Exch-SMTP-Submit on ${connector.name}, so it may not submit mail here at all — before any recipient is considered.`,
      );
      return this.reply(line, this.anonymousLike ? REPLY.anonymousNotAuthenticated : REPLY.submitDenied);
    }
    // Exchange 2007 refuses a spoofed envelope sender at MAIL FROM (§6.4, wiki S14); 2013+ waits for the data.
    if (this.env.version === '2007') {
      const refusal = this.checkSender(address, 'MAIL FROM');
      if (refusal) return this.reply(line, refusal);
    }
    if (params.size !== null) {
      const tooLarge = this.exceedsSize(params.size, 'MAIL FROM');
      if (tooLarge) return this.reply(line, tooLarge);
    }
    this.mailFrom = address;
    this.mailParams = params;
    return this.reply(line, REPLY.senderOk);
  }

  /**
   * Domain Security (§9.3, §6.5): a sender domain on the domain-secure list must arrive over mutual TLS with a
   * valid certificate for that domain; then the session becomes MS Exchange\Partner Servers until the next MAIL.
   */
  private domainSecureUpgrade(address: string): string | null {
    const { connector, ctx, request } = this.env;
    const domain = domainOf(address);
    if (!domain || !isDomainSecured(ctx.transportSettings, domain)) return null;
    if (this.rights.resolved.identity.kind !== 'anonymous' && this.rights.resolved.identity.kind !== 'partner') return null;
    const fail = (reply: string, why: string) => {
      this.refusals.push({ kind: 'domainSecure', reply });
      this.notes.push(why);
      return reply;
    };
    if (!connector.domainSecureEnabled)
      return fail(REPLY.domainSecureDisallowed, `${domain} is a domain-secured partner, but ${connector.name} has Domain Security turned off.`);
    if (!hasAuth(connector, 'Tls'))
      return fail(REPLY.domainSecureNoStartTls, `${domain} is a domain-secured partner, but ${connector.name} does not offer STARTTLS.`);
    if (!this.tls || !request.clientCertificate)
      return fail(REPLY.domainSecureNotAuthenticated, `${domain} is a domain-secured partner: mail from it must arrive over TLS with its client certificate.`);
    if (!request.clientCertificate.valid || request.clientCertificate.domain.toLowerCase() !== domain)
      return fail(
        REPLY.certificateValidationFailure,
        `The client certificate (${request.clientCertificate.domain}${request.clientCertificate.valid ? '' : ', not valid'}) does not validate for ${domain}.`,
      );
    this.setRights(this.rightsFor({ kind: 'partner' }));
    this.notes.push(`Mutual TLS for ${domain} validated: the session is now MS Exchange\\Partner Servers.`);
    return null;
  }

  /** The sender-spoofing decision for one address (§6.4); returns the refusal reply or null when allowed. */
  private checkSender(address: string, at: 'MAIL FROM' | 'end of data'): string | null {
    if (address === '') return null;
    const { ctx, request } = this.env;
    const domain = domainOf(address) ?? '';
    const internal = isInternalSenderDomain(domain, ctx.acceptedDomains);
    if (!internal && this.has('ms-Exch-SMTP-Accept-Any-Sender', at)) return null;
    if (internal && this.has('ms-Exch-SMTP-Accept-Authoritative-Domain-Sender', at)) return null;
    const identity = this.rights.resolved.identity;
    if (identity.kind === 'partner' && request.clientCertificate?.domain.toLowerCase() === domain) return null;
    if (ctx.server.role === 'HubTransport' && internal && identity.kind === 'user') {
      const account = ctx.directory.find((p) => p.name.toLowerCase() === identity.name.toLowerCase());
      const lower = address.toLowerCase();
      const owns = account?.emailAddresses.some((a) => a.toLowerCase() === lower) ?? false;
      const sendAs = account?.sendAs.some((a) => a.toLowerCase() === lower) ?? false;
      if (owns || sendAs) return null;
    }
    this.refusals.push({ kind: 'sender', address, internal, at });
    this.notes.push(
      internal
        ? `${address} is in an internal accepted domain; ${this.rights.resolved.displayName} holds no ms-Exch-SMTP-Accept-Authoritative-Domain-Sender here${identity.kind === 'user' ? ', and the account neither owns that address nor holds Send-As on it' : ''}.`
        : `${address} is outside the internal accepted domains and ${this.rights.resolved.displayName} holds no ms-Exch-SMTP-Accept-Any-Sender here.`,
    );
    return this.anonymousLike ? REPLY.anonymousSendAsDenied : REPLY.sendAsDenied;
  }

  /** SIZE is skipped with Bypass-Message-Size-Limit or (2013 code) Accept-Headers-Organization (§6.3). */
  private exceedsSize(bytes: number, command: string): string | null {
    const { connector } = this.env;
    if (connector.sizeEnabled === 'Disabled' && command === 'MAIL FROM') return null;
    if (bytes <= connector.maxMessageSize) return null;
    if (this.has('ms-Exch-Bypass-Message-Size-Limit', command)) return null;
    if (command === 'MAIL FROM' && this.rights.granted.has('ms-Exch-Accept-Headers-Organization')) return null;
    this.refusals.push({ kind: 'size', bytes });
    this.notes.push(`The message (${bytes} bytes) is larger than ${connector.name}'s MaxMessageSize of ${connector.maxMessageSize} bytes.`);
    return REPLY.messageTooLarge;
  }

  private rcpt(line: string): string {
    if (this.mailFrom === null) return this.reply(line, REPLY.needMail);
    const parsed = parseRcptTo(line);
    if (!parsed.ok) {
      this.recipientNote(parsed.why);
      return this.reply(line, parsed.reply);
    }
    const recipient = parsed.value;
    const { connector, ctx } = this.env;
    if (this.transactionRecipients >= connector.maxRecipientsPerMessage && !this.has('ms-Exch-Bypass-Message-Size-Limit', 'RCPT TO')) {
      if (!this.refusals.some((r) => r.kind === 'recipients')) {
        this.refusals.push({ kind: 'recipients' });
        this.notes.push(
          `${connector.name} accepts at most ${connector.maxRecipientsPerMessage} recipients per message (MaxRecipientsPerMessage); every recipient after that gets 452 4.5.3 Too many recipients.`,
        );
      }
      return this.reply(line, REPLY.tooManyRecipients);
    }
    const accepted = bestAcceptedDomain(domainOf(recipient) ?? '', ctx.acceptedDomains);
    // Relay rule at RCPT (§8): any accepted domain type passes; otherwise Accept-Any-Recipient is needed.
    if (accepted) {
      this.recipientNote(
        `${recipient}: this is not relay — ${accepted.domainName} is an accepted domain (${accepted.domainType}), so no relay right is needed.`,
      );
    } else if (this.has('ms-Exch-SMTP-Accept-Any-Recipient', 'RCPT TO')) {
      this.recipientNote(`${recipient} is outside every accepted domain (relay); ${this.rights.resolved.displayName} holds ms-Exch-SMTP-Accept-Any-Recipient, so relay is allowed.`);
    } else {
      this.refusals.push({ kind: 'relay', recipient });
      this.recipientNote(
        `${recipient} is outside every accepted domain, so delivering it is relay, and ${this.rights.resolved.displayName} holds no ms-Exch-SMTP-Accept-Any-Recipient on ${connector.name}.`,
      );
      return this.reply(line, REPLY.relayDenied);
    }
    this.acceptedRecipients.push(recipient);
    this.transactionRecipients++;
    return this.reply(line, REPLY.recipientOk);
  }

  private data(line: string): string {
    if (this.mailFrom === null) return this.reply(line, REPLY.needMail);
    if (this.transactionRecipients === 0) return this.reply(line, REPLY.needRcpt);
    return this.reply(line, REPLY.startData);
  }

  /** End of data (client "."): Submit re-check, sender checks, size, then queued (§6.3 step 6). */
  endOfData(): string {
    const { connector, request, version, now } = this.env;
    if (!this.rights.granted.has('ms-Exch-SMTP-Submit')) return this.reply('.', this.anonymousLike ? REPLY.anonymousNotAuthenticated : REPLY.submitDenied);
    const skipSenderChecks =
      this.rights.granted.has('ms-Exch-SMTP-Accept-Any-Sender') && this.rights.granted.has('ms-Exch-SMTP-Accept-Authoritative-Domain-Sender');
    if (!skipSenderChecks) {
      const senders = [...(version === '2013' ? [this.mailFrom ?? ''] : []), ...(request.headerFrom ? [request.headerFrom] : [])];
      for (const address of senders) {
        const refusal = this.checkSender(address, 'end of data');
        if (refusal) return this.reply('.', refusal);
      }
    }
    const size = request.messageSizeBytes ?? 2048;
    const tooLarge = this.exceedsSize(size, 'end of data');
    if (tooLarge) return this.reply('.', tooLarge);
    this.queued = true;
    this.message = messageTreatment({
      granted: this.rights.granted,
      authenticated: this.authenticated,
      identity: this.rights.resolved.displayName,
      authParameter: this.mailParams.auth,
      body: this.mailParams.body,
      sender: request.headerFrom ?? this.mailFrom ?? '',
      directory: this.env.ctx.directory,
      headers: request.headers ?? [],
    });
    const id = `<${now.getTime().toString(16)}${this.transcript.length.toString(16)}@${connector.fqdn}>`;
    // The transaction ends with the queued message; the next one starts at MAIL FROM.
    this.resetTransaction();
    return this.reply('.', queued(id));
  }
}
