import { useCan } from '../../app/session.ts';
import { exportHref } from '../../api/import-hooks.ts';

/**
 * Downloads of the console's exports — an Exchange Management Shell script that recreates the objects, and the
 * JSON document the import reads back — for the whole organisation or one server. Help desk may export too.
 */
export function ExportLinks({ server, compact = false }: { server?: string; compact?: boolean }) {
  const canExport = useCan('organisation:export');
  if (!canExport) return null;
  const what = server ? ` of ${server}` : '';
  return (
    <span className="buttons">
      <a className="button" href={exportHref('ps1', server)} download>
        {compact ? 'Shell script' : 'Download shell script'}
        <span className="visually-hidden">{what}</span>
      </a>
      <a className="button" href={exportHref('json', server)} download>
        {compact ? 'JSON' : 'Download JSON document'}
        <span className="visually-hidden">{what}</span>
      </a>
    </span>
  );
}
