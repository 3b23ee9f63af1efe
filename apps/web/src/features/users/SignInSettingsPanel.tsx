import type { Role } from '@cc/api-contract';
import { useSignInSettings } from '../../api/hooks.ts';
import { ErrorMessage, Loading } from '../../components/States.tsx';

const ROLE_NAMES = { admin: 'Administrator', helpdesk: 'Help desk' } as const;

function Grants({ grants, what }: { grants: Array<{ role: Role; value: string }>; what: string }) {
  return (
    <ul>
      {grants.map((g) => (
        <li key={`${g.role}-${g.value}`}>
          {ROLE_NAMES[g.role]} ← {what} <code>{g.value}</code>
        </li>
      ))}
    </ul>
  );
}

/**
 * How people sign in, as the environment configures it: read-only here, so that what the console does and what
 * the deployment says cannot drift apart. Secrets (bind password, client secret) are never sent.
 */
export function SignInSettingsPanel() {
  const settings = useSignInSettings();
  const s = settings.data;
  return (
    <section aria-labelledby="sign-in-settings-title">
      <h2 id="sign-in-settings-title">How people sign in</h2>
      <p className="muted">Set by the server&apos;s environment (LDAP_*, OIDC_*, LOCAL_SIGN_IN); see the README. Directory people get their role from their groups at every sign-in.</p>
      {settings.isLoading ? <Loading label="Loading the sign-in settings…" /> : null}
      {settings.error ? <ErrorMessage error={settings.error} title="The sign-in settings could not be loaded" /> : null}
      {s ? (
        <dl>
          <dt>Console accounts</dt>
          <dd>{s.local ? 'On' : 'Off (LOCAL_SIGN_IN=0)'}</dd>
          <dt>Active Directory (LDAP)</dt>
          <dd>
            {s.ldap ? (
              <>
                <p>
                  {s.ldap.urls.join(', ')} {s.ldap.allowPlain ? '(plain LDAP allowed)' : '(TLS required)'}; CA: {s.ldap.caFile ?? 'the system’s'}
                </p>
                <p>
                  {s.ldap.bind === 'serviceAccount' ? 'Service account' : 'Direct bind as'} <code>{s.ldap.bindName}</code>; users under <code>{s.ldap.userBase}</code> matching{' '}
                  <code>{s.ldap.userFilter}</code>
                </p>
                <Grants grants={s.ldap.roleGroups} what="members of" />
                <p>{s.ldap.recheckMinutes > 0 ? `Open sessions are re-checked against the directory every ${s.ldap.recheckMinutes} minutes.` : 'Group changes apply at the next sign-in.'}</p>
              </>
            ) : (
              'Not configured'
            )}
          </dd>
          <dt>OpenID Connect</dt>
          <dd>
            {s.oidc ? (
              <>
                <p>
                  {s.oidc.issuer} as client <code>{s.oidc.clientId}</code>, returning to {s.oidc.redirectUrl}
                </p>
                <Grants grants={s.oidc.roleValues} what={`claim ${s.oidc.roleClaim} =`} />
              </>
            ) : (
              'Not configured'
            )}
          </dd>
        </dl>
      ) : null}
    </section>
  );
}
