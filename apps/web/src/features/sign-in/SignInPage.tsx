import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { expectSession, useSession, useSignIn, useSignInMethods } from '../../api/hooks.ts';
import { Field } from '../../components/Field.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

/** Only same-site paths are followed after sign-in, so a crafted link cannot send the user elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/connectors';
}

/** Why the OpenID provider's return did not sign the person in (the API says no more than this, on purpose). */
const RETURN_ERRORS: Record<string, string> = {
  sso: 'Single sign-on did not complete: the provider’s answer was refused, or your account has no console role. Try again, or ask an admin which group grants access.',
  throttled: 'Too many failed sign-ins from your address; try again later or ask an admin to clear the throttle.',
  unavailable: 'The sign-in provider or directory could not be reached; try again shortly or use another way to sign in.',
};

type Method = 'local' | 'ldap';

export default function SignInPage() {
  usePageTitle('Sign in');
  const session = useSession();
  const methods = useSignInMethods();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [chosen, setChosen] = useState<Method | null>(null);
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const next = safeNext(params.get('next'));

  if (session.data) return <Navigate to={next} replace />;

  const ways = methods.data ?? { local: true, ldap: false, oidc: null };
  const passwordWays: Method[] = [...(ways.ldap ? (['ldap'] as const) : []), ...(ways.local ? (['local'] as const) : [])];
  const method: Method | undefined = chosen ?? passwordWays[0];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const gaps = { username: username.trim() === '', password: password === '' };
    setMissing(gaps);
    if (gaps.username || gaps.password || !method) return;
    signIn.mutate({ username: username.trim(), password, method }, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  const error = signIn.error;
  const returnError = params.get('error');
  const message = error
    ? isApiError(error) && error.status === 401
      ? 'The user name or password is incorrect.'
      : error.message
    : returnError
      ? (RETURN_ERRORS[returnError] ?? RETURN_ERRORS.sso)
      : null;

  return (
    <main id="main" className="sign-in">
      <form className="sign-in-form" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Connector Console</h1>
        <p className="muted">Exchange 2007 SMTP receive connectors. {passwordWays.length > 0 ? 'Sign in with your account.' : 'Sign in with your organisation.'}</p>
        {message ? (
          <div className="error-box" role="alert">
            {message}
          </div>
        ) : null}
        {ways.oidc ? (
          <p>
            <a className="button primary" href="/api/session/oidc/start" onClick={expectSession}>
              Sign in with {ways.oidc.displayName}
            </a>
          </p>
        ) : null}
        {passwordWays.length > 1 ? (
          <fieldset>
            <legend>Account</legend>
            <div className="check-row">
              <input id="method-ldap" type="radio" name="method" checked={method === 'ldap'} onChange={() => setChosen('ldap')} />
              <label htmlFor="method-ldap">Organisation directory (Active Directory)</label>
            </div>
            <div className="check-row">
              <input id="method-local" type="radio" name="method" checked={method === 'local'} onChange={() => setChosen('local')} />
              <label htmlFor="method-local">Console account</label>
            </div>
          </fieldset>
        ) : null}
        {passwordWays.length > 0 ? (
          <>
            <Field
              id="username"
              label="User name"
              hint={method === 'ldap' ? 'Your Windows sign-in name (alice) or your user principal name (alice@contoso.com).' : undefined}
              error={missing.username ? 'Enter your user name.' : null}
            >
              {(control) => (
                <input {...control} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus maxLength={64} />
              )}
            </Field>
            <Field id="password" label="Password" error={missing.password ? 'Enter your password.' : null}>
              {(control) => (
                <input
                  {...control}
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  maxLength={128}
                />
              )}
            </Field>
            <button type="submit" className="primary" disabled={signIn.isPending}>
              {signIn.isPending ? 'Signing in…' : 'Sign in'}
            </button>
          </>
        ) : null}
      </form>
    </main>
  );
}
