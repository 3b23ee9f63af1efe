import type { Kysely } from 'kysely';
import type { Clock } from './clock.ts';
import type { Database } from './db/schema.ts';
import { createAcceptedDomainsService, type AcceptedDomainsService } from './modules/accepted-domains/accepted-domains.service.ts';
import { createPrincipalsService, type PrincipalsService } from './modules/principals/principals.service.ts';
import { createServersService, type ServersService } from './modules/servers/servers.service.ts';
import { createConnectorsService, type ConnectorsService } from './modules/connectors/connectors.service.ts';
import { createContextCache } from './modules/connectors/context.ts';
import { createPermissionsService, type PermissionsService } from './modules/permissions/permissions.service.ts';
import { createSimulateService, type SimulateService } from './modules/simulate/simulate.service.ts';
import { readAceTable, readCliXml, readEmsScript, readFormatList } from '@cc/exchange-formats';
import { createOrganisationIoService, type OrganisationIoService } from './modules/organisation-io/organisation-io.service.ts';
import { createTransportSettingsService, type TransportSettingsService } from './modules/transport-settings/transport-settings.service.ts';
import { createSessionService, type SessionPolicy, type SessionService } from './modules/session/session.service.ts';
import { createPasswordHasher, type PasswordHasher } from './modules/users/password.ts';
import { createUsersService, type UsersService } from './modules/users/users.service.ts';
import { LOCAL_ONLY, type SignInConfig } from './auth/sign-in-config.ts';
import { createLdapAuthenticator } from './auth/ldap.ts';
import { createOidcClient, type OidcClient } from './auth/oidc.ts';
import { createSecurityEvents, type SecurityEvents } from './modules/audit/security-events.ts';

export interface Services {
  sessions: SessionService;
  /** The OpenID Connect client when OIDC_ISSUER is set. */
  oidc: OidcClient | null;
  users: UsersService;
  servers: ServersService;
  domains: AcceptedDomainsService;
  principals: PrincipalsService;
  connectors: ConnectorsService;
  permissions: PermissionsService;
  simulate: SimulateService;
  securityEvents: SecurityEvents;
  transport: TransportSettingsService;
  io: OrganisationIoService;
}

/** Wires the services; each receives only what it uses. */
export function createServices(deps: {
  db: Kysely<Database>;
  clock: Clock;
  hasher?: PasswordHasher;
  sessionPolicy?: SessionPolicy;
  signInConfig?: SignInConfig;
}): Services {
  const { db, clock } = deps;
  const signInConfig = deps.signInConfig ?? LOCAL_ONLY;
  const hasher = deps.hasher ?? createPasswordHasher();
  const contexts = createContextCache(db);
  const connectors = createConnectorsService({ db, contexts });
  const securityEvents = createSecurityEvents({ db, clock });
  return {
    securityEvents,
    connectors,
    permissions: createPermissionsService({ connectors }),
    simulate: createSimulateService({ contexts, clock }),
    sessions: createSessionService({
      db,
      hasher,
      clock,
      securityEvents,
      signInConfig,
      ldap: signInConfig.ldap ? createLdapAuthenticator(signInConfig.ldap) : null,
      ...(deps.sessionPolicy ? { policy: deps.sessionPolicy } : {}),
    }),
    oidc: signInConfig.oidc ? createOidcClient(signInConfig.oidc) : null,
    users: createUsersService({ db, hasher }),
    servers: createServersService({ db }),
    domains: createAcceptedDomainsService({ db }),
    principals: createPrincipalsService({ db }),
    transport: createTransportSettingsService({ db }),
    io: createOrganisationIoService({ db, clock, readers: { readCliXml, readFormatList, readAceTable, readEmsScript } }),
  };
}
