import { useExchangeProperties } from '../../api/import-hooks.ts';
import { DataTable } from '../../components/DataTable.tsx';

/**
 * What the last import found on this connector beyond the Exchange 2007 model (2010 and later add properties
 * such as TransportRole): kept as Exchange printed them, so nothing imported is silently dropped.
 */
export function ExchangeExtras({ connectorId }: { connectorId: string }) {
  const properties = useExchangeProperties(connectorId);
  const extras = Object.entries(properties.data?.extras ?? {});
  if (!properties.data || (extras.length === 0 && !properties.data.exchangeVersion)) return null;
  return (
    <section aria-labelledby={`${connectorId}-extras`} className="exchange-extras">
      <h3 id={`${connectorId}-extras`}>From Exchange</h3>
      {properties.data.exchangeVersion ? (
        <p className="small">
          The server runs {properties.data.release ?? 'Exchange'} ({properties.data.exchangeVersion}).
        </p>
      ) : null}
      {extras.length > 0 ? (
        <DataTable
          caption="Properties outside the Exchange 2007 model, as imported (the console keeps them but does not use them)"
          captionVisible
          rows={extras}
          rowKey={([name]) => name}
          columns={[
            { header: 'Property', rowHeader: true, cell: ([name]) => name },
            { header: 'Value', cell: ([, value]) => <code>{value}</code> },
          ]}
        />
      ) : null}
    </section>
  );
}
