import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { useConnector, useConnectorPermissions, useDomain } from '../../api/hooks.ts';
import { useServerChoice } from '../../app/server-context.tsx';
import { ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { PropertiesEditor } from './PropertiesEditor.tsx';

export default function ConnectorPropertiesPage() {
  const { id = '' } = useParams();
  const connector = useConnector(id);
  const permissions = useConnectorPermissions(id);
  const { servers, isLoading: serversLoading } = useServerChoice();
  const domain = useDomain();
  usePageTitle(connector.data ? `${connector.data.data.name} properties` : 'Connector properties');

  if (connector.isLoading || permissions.isLoading || serversLoading || domain.isLoading) return <Loading label="Loading the connector…" />;
  if (connector.error) {
    const gone = isApiError(connector.error) && connector.error.status === 404;
    return (
      <section className="page" aria-labelledby="page-title">
        <h1 id="page-title">{gone ? 'Connector not found' : 'Connector properties'}</h1>
        {gone ? (
          <p>This connector does not exist. It may have been deleted.</p>
        ) : (
          <ErrorMessage error={connector.error} title="The connector could not be loaded" retry={() => void connector.refetch()} />
        )}
        <Link to="/connectors">Back to the connector list</Link>
      </section>
    );
  }
  if (permissions.error)
    return <ErrorMessage error={permissions.error} title="The connector’s permissions could not be loaded" retry={() => void permissions.refetch()} />;
  const loaded = connector.data!;
  const server = servers.find((s) => s.name.toLowerCase() === loaded.data.server.toLowerCase());
  if (!server) return <ErrorMessage error={new Error(`The server ${loaded.data.server} is not in the server list.`)} title="The connector’s server is unknown" />;
  return <PropertiesEditor key={id} initial={loaded} entries={permissions.data ?? []} server={server} domain={domain.domain} />;
}
