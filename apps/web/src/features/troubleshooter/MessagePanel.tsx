import type { MessageTreatment, ReceiveRight } from '@cc/connector-engine';
import { RIGHT_DISPLAY_NAMES } from '@cc/connector-engine';
import { Badge } from '../../components/Badge.tsx';

const ASPECT_LABEL: Record<MessageTreatment['decisions'][number]['aspect'], string> = {
  authentication: 'Authenticated / internal',
  authParameter: 'AUTH= on MAIL FROM',
  senderResolution: 'Sender resolved to a directory name',
  antiSpam: 'Antispam bypassed',
  sizeLimit: 'Size and recipient limits bypassed',
};

function DecidedBy({ by }: { by: string }) {
  const display = RIGHT_DISPLAY_NAMES[by as ReceiveRight];
  if (by === 'authentication') return <>the sign-in</>;
  return (
    <>
      <code>{by}</code>
      {display ? <span className="muted small"> ({display})</span> : null}
    </>
  );
}

/** "What happens to the message": how Exchange treats an accepted message, each item with what decides it. */
export function MessagePanel({ message }: { message: MessageTreatment }) {
  return (
    <section aria-label="What happens to the message" data-testid="message-panel">
      <h3>What happens to the message</h3>
      <ul className="decisive">
        {message.decisions.map((d) => (
          <li key={d.aspect}>
            <strong>{ASPECT_LABEL[d.aspect]}:</strong> {d.value ? <Badge tone="info">yes</Badge> : <Badge tone="neutral">no</Badge>} {d.text}{' '}
            <span className="muted small">
              Decided by <DecidedBy by={d.decidedBy} /> (reference {d.section}).
            </span>
          </li>
        ))}
      </ul>
      {message.headers.length > 0 ? (
        <div className="table-wrap">
          <table className="data">
            <caption>Header firewall: each submitted header</caption>
            <thead>
              <tr>
                <th scope="col">Header</th>
                <th scope="col">Kept or stripped</th>
                <th scope="col">Decided by</th>
              </tr>
            </thead>
            <tbody>
              {message.headers.map((h, i) => (
                <tr key={`${h.name}-${i}`}>
                  <th scope="row">
                    <code>{h.name}</code>
                  </th>
                  <td>{h.kept ? <Badge tone="ok">kept</Badge> : <Badge tone="danger">stripped</Badge>}</td>
                  <td>{h.decidedBy ? <DecidedBy by={h.decidedBy} /> : <span className="muted">Not a firewalled header: always kept</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted small">No headers were submitted with the case, so the header firewall has nothing to decide.</p>
      )}
    </section>
  );
}
