import { lazy } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { useSession } from '../api/hooks.ts';
import { AppShell } from '../components/AppShell.tsx';
import { ErrorMessage, Loading } from '../components/States.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import ConnectorListPage from '../features/connectors/ConnectorListPage.tsx';
import SignInPage from '../features/sign-in/SignInPage.tsx';
import { NAVIGATION } from './navigation.ts';
import { ServerProvider } from './server-context.tsx';
import { useCan } from './session.ts';
import type { Action } from '@cc/api-contract';

// The wizard and the property pages carry most of the engine: they load on first use.
const NewConnectorWizard = lazy(() => import('../features/wizard/NewConnectorWizard.tsx'));
const ConnectorPropertiesPage = lazy(() => import('../features/properties/ConnectorPropertiesPage.tsx'));
const AccountPage = lazy(() => import('../features/account/AccountPage.tsx'));

/** Signed-in area: anything below needs a session; signed-out users go to the sign-in page and come back. */
function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isLoading) return <Loading label="Checking your session…" />;
  if (session.error) return <ErrorMessage error={session.error} title="The console cannot check your session" retry={() => void session.refetch()} />;
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <ServerProvider>
      <AppShell />
    </ServerProvider>
  );
}

/** A page the role cannot use: say so rather than showing controls the API would refuse. */
function RequireAbility({ ability, children }: { ability: Action; children: React.ReactNode }) {
  const allowed = useCan(ability);
  if (!allowed) return <NotAvailable />;
  return <>{children}</>;
}

function NotAvailable() {
  usePageTitle('Not available');
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Not available</h1>
      <p>Your role cannot use this page. Ask a console administrator if you need it.</p>
    </section>
  );
}

function NotFound() {
  usePageTitle('Page not found');
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Page not found</h1>
      <p>Nothing lives at this address. Use the navigation on the left.</p>
    </section>
  );
}

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <RequireSession />,
    children: [
      { index: true, element: <Navigate to="/connectors" replace /> },
      { path: '/connectors', element: <ConnectorListPage /> },
      {
        path: '/connectors/new',
        element: (
          <RequireAbility ability="connectors:write">
            <NewConnectorWizard />
          </RequireAbility>
        ),
      },
      { path: '/connectors/:id', element: <ConnectorPropertiesPage /> },
      { path: '/account', element: <AccountPage /> },
      ...NAVIGATION.filter((n) => n.page !== null).map((n) => {
        const Page = n.page!;
        return {
          path: n.path,
          element: n.ability ? (
            <RequireAbility ability={n.ability}>
              <Page />
            </RequireAbility>
          ) : (
            <Page />
          ),
        };
      }),
      { path: '*', element: <NotFound /> },
    ],
  },
]);
