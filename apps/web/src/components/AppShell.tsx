import { Suspense, useEffect, useId } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession, useSignOut } from '../api/hooks.ts';
import { NAVIGATION } from '../app/navigation.ts';
import { useServerChoice } from '../app/server-context.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { Loading } from './States.tsx';

const ROLE_LABELS: Record<string, string> = { admin: 'Administrator', helpdesk: 'Help desk' };

function ServerPicker() {
  const { servers, serverName, setServerName, isLoading, error } = useServerChoice();
  const id = useId();
  if (error) return <span className="header-note">Servers could not be loaded</span>;
  return (
    <div className="server-picker">
      <label htmlFor={id}>Server</label>
      <select
        id={id}
        value={serverName ?? ''}
        onChange={(e) => setServerName(e.target.value)}
        disabled={isLoading || servers.length === 0}
      >
        {isLoading ? <option value="">Loading…</option> : null}
        {!isLoading && servers.length === 0 ? <option value="">No servers</option> : null}
        {servers.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name} ({s.role === 'Edge' ? 'Edge Transport' : 'Hub Transport'})
          </option>
        ))}
      </select>
    </div>
  );
}

/** Header (server picker, user and role, sign-out), left navigation and the page. */
export function AppShell() {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const user = session.data?.user;
  const abilities = new Set(session.data?.abilities ?? []);

  // Move focus to the page heading after navigation, so keyboard and screen-reader users start at the content.
  useEffect(() => {
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
  }, [location.pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <span className="brand">Connector Console</span>
        <ServerPicker />
        <div className="header-user">
          {user ? (
            <span data-testid="current-user">
              {user.username} <span className="role">({ROLE_LABELS[user.role] ?? user.role})</span>
            </span>
          ) : null}
          <NavLink to="/account">Your account</NavLink>
          <button
            type="button"
            onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate('/sign-in', { replace: true }) })}
            disabled={signOut.isPending}
          >
            Sign out
          </button>
        </div>
      </header>
      <div className="app-body">
        <nav className="app-nav" aria-label="Main">
          <ul>
            {NAVIGATION.filter((n) => !n.ability || abilities.has(n.ability)).map((n) => (
              <li key={n.path}>
                <NavLink to={n.path}>{n.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="app-main">
          <ErrorBoundary key={location.pathname}>
            <Suspense fallback={<Loading label="Loading the page…" />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}
