import * as client from 'openid-client';
import type { Role } from '@cc/api-contract';
import { roleFromGrants } from './role-mapping.ts';
import type { OidcConfig } from './sign-in-config.ts';

/** What the browser keeps between leaving for the provider and coming back (in a short-lived cookie). */
export interface OidcTransaction {
  state: string;
  nonce: string;
  verifier: string;
}

export type OidcOutcome =
  | { ok: true; subject: string; username: string; role: Role; grantedBy: string }
  | { ok: false; reason: 'noMappedClaim'; subject: string; username: string };

/** The provider's answer could not be trusted or used (tampered state, replayed code, wrong audience, …). */
export class OidcRefused extends Error {}
/** The provider could not be reached for discovery or the token exchange. */
export class OidcUnavailable extends Error {}

export interface OidcClient {
  start(): Promise<{ url: URL; transaction: OidcTransaction }>;
  finish(callbackUrl: URL, transaction: OidcTransaction): Promise<OidcOutcome>;
}

const isLoopbackHttp = (url: string): boolean => new URL(url).protocol === 'http:';

const claimValues = (claim: unknown): string[] => (Array.isArray(claim) ? claim.filter((v): v is string => typeof v === 'string') : typeof claim === 'string' ? [claim] : []);

export function createOidcClient(config: OidcConfig): OidcClient {
  let discovered: Promise<client.Configuration> | null = null;

  /** Discovered once; a failure is not remembered, so the next sign-in tries again. */
  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(new URL(config.issuer), config.clientId, config.clientSecret, client.ClientSecretPost(config.clientSecret), {
        // Plain http is accepted by the configuration only on this machine (tests and local trials).
        ...(isLoopbackHttp(config.issuer) ? { execute: [client.allowInsecureRequests] } : {}),
        timeout: 10,
      })
      .catch((error: unknown) => {
        discovered = null;
        throw new OidcUnavailable(`discovery at ${config.issuer} failed (${(error as Error).message})`);
      });
    return discovered;
  }

  return {
    async start() {
      const server = await configuration();
      const transaction = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(server, {
        redirect_uri: config.redirectUrl,
        scope: 'openid profile email',
        response_type: 'code',
        state: transaction.state,
        nonce: transaction.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(transaction.verifier),
        code_challenge_method: 'S256',
      });
      return { url, transaction };
    },

    async finish(callbackUrl, transaction) {
      const server = await configuration();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(server, callbackUrl, {
          pkceCodeVerifier: transaction.verifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        // openid-client names the check that failed; the message never contains a token.
        const e = error as { code?: string; error?: string; message?: string };
        if (e.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || (e as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED' || e.message === 'fetch failed')
          throw new OidcUnavailable(`the token exchange with ${config.issuer} failed (${e.message ?? ''})`);
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        throw new OidcRefused([e.error, e.code, e.message, cause].filter(Boolean).join(': ') || 'refused');
      }
      const claims = tokens.claims();
      if (!claims) throw new OidcRefused('no ID token');
      const username = [claims.preferred_username, claims.email, claims.sub].find((v): v is string => typeof v === 'string' && v !== '')!;
      const granted = roleFromGrants(claimValues(claims[config.roleClaim]), config.roleValues, (a, b) => a === b);
      if (!granted) return { ok: false, reason: 'noMappedClaim', subject: claims.sub, username };
      return { ok: true, subject: claims.sub, username, role: granted.role, grantedBy: granted.grantedBy };
    },
  };
}
