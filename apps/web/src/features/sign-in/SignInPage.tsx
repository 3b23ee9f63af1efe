import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { useSession, useSignIn } from '../../api/hooks.ts';
import { Field } from '../../components/Field.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

/** Only same-site paths are followed after sign-in, so a crafted link cannot send the user elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/connectors';
}

export default function SignInPage() {
  usePageTitle('Sign in');
  const session = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const next = safeNext(params.get('next'));

  if (session.data) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const gaps = { username: username.trim() === '', password: password === '' };
    setMissing(gaps);
    if (gaps.username || gaps.password) return;
    signIn.mutate({ username: username.trim(), password }, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  const error = signIn.error;
  const message = !error
    ? null
    : isApiError(error) && error.status === 401
      ? 'The user name or password is incorrect.'
      : error.message;

  return (
    <main id="main" className="sign-in">
      <form className="sign-in-form" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Connector Console</h1>
        <p className="muted">Exchange 2007 SMTP receive connectors. Sign in with your console account.</p>
        {message ? (
          <div className="error-box" role="alert">
            {message}
          </div>
        ) : null}
        <Field id="username" label="User name" error={missing.username ? 'Enter your user name.' : null}>
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
      </form>
    </main>
  );
}
