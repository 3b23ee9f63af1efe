/**
 * The engine's authentication rules (§3.1, §4.1) say what is wrong and both ways out. Next to a check box that
 * cannot be ticked, only the way forward helps ("turn on TLS first"), and in a notice about an option the
 * console cleared, only the why ("it needs TLS"): this table words both per rule, in the console's labels.
 */
import { AUTH_MECHANISM_LABELS, type AuthMechanism, type Problem } from '@cc/connector-engine';
import type { AuthChoice, AuthOption } from './engine.ts';

const TLS = AUTH_MECHANISM_LABELS.Tls;
const quoted = (m: AuthMechanism) => `"${AUTH_MECHANISM_LABELS[m]}"`;

interface Wording {
  /** Why the rule holds, as the reason an option was cleared. */
  why: string;
  /** What to do before `option` can be turned on. */
  forward: (option: AuthOption, choice: AuthChoice) => string;
}

const WORDING: Record<string, Wording> = {
  EXTERNAL_AUTHORITATIVE_REQUIRES_EXCHANGE_SERVERS: {
    why: 'Externally Secured needs the Exchange servers permission group, which writes the rights of every Externally Secured session.',
    forward: () => 'Turn on the Exchange servers permission group first.',
  },
  EXTERNAL_AUTHORITATIVE_WITH_AUTH: {
    why: `Externally Secured can only be combined with ${TLS}.`,
    forward: (option, choice) =>
      option === 'ExternalAuthoritative'
        ? `Only ${TLS} can go with it: clear ${choice.authMechanism
            .filter((m) => m !== 'Tls' && m !== 'ExternalAuthoritative')
            .map(quoted)
            .join(' and ')} first.`
        : 'Clear Externally Secured first: it can only be combined with TLS.',
  },
  BASIC_AFTER_TLS_WITHOUT_TLS: {
    why: `${quoted('BasicAuthRequireTLS')} needs ${TLS}.`,
    forward: () => `Turn on ${TLS} first.`,
  },
  BASIC_AFTER_TLS_WITHOUT_BASIC: {
    why: `${quoted('BasicAuthRequireTLS')} is an option of Basic Authentication.`,
    forward: () => 'Turn on Basic Authentication first.',
  },
  REQUIRE_TLS_WITHOUT_TLS: {
    why: `Require TLS needs ${TLS}.`,
    forward: () => `Turn on ${TLS} first.`,
  },
  DOMAIN_SECURE_WITHOUT_TLS: {
    why: `Domain Security needs ${TLS}.`,
    forward: () => `Turn on ${TLS} first.`,
  },
  DOMAIN_SECURE_WITH_EXTERNAL_AUTHORITATIVE: {
    why: 'Domain Security cannot be used on an Externally Secured connector.',
    forward: (option) => (option === 'domainSecureEnabled' ? 'Clear Externally Secured first: Domain Security cannot be used with it.' : 'Turn off Domain Security first: it cannot be used with Externally Secured.'),
  },
};

/** What to do before `option` can be turned on, for a rule that turning it on would break. */
export function wayForward(problem: Problem, option: AuthOption, choice: AuthChoice): string {
  return WORDING[problem.code]?.forward(option, choice) ?? problem.message;
}

/** Why the console cleared an option that a rule no longer allowed. */
export function whyCleared(problem: Problem): string {
  return WORDING[problem.code]?.why ?? problem.message;
}

/** The rule that points at the Permission groups step, so the Authentication step can link there. */
export const NEEDS_PERMISSION_GROUP = 'EXTERNAL_AUTHORITATIVE_REQUIRES_EXCHANGE_SERVERS';
