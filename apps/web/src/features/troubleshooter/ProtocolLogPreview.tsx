import { useId } from 'react';
import type { SimulateResult } from '@cc/connector-engine';
import { renderSessionLines } from '@cc/exchange-formats/protocol-log-render';
import { CopyButton } from '../../components/CopyButton.tsx';
import type { RelayCase } from './case.ts';

/** The session as the server's SMTP Receive protocol log would record it (2007 shape), to hold beside a real log. */
export function ProtocolLogPreview({ relayCase, result }: { relayCase: RelayCase; result: SimulateResult }) {
  const id = useId();
  const lines = renderSessionLines(result, {
    server: relayCase.server,
    sessionId: '08DE1A0000000001',
    start: new Date(),
    localEndpoint: relayCase.localEndpoint,
    remoteEndpoint: `${relayCase.remoteIp.includes(':') ? `[${relayCase.remoteIp}]` : relayCase.remoteIp}:50000`,
    ...(relayCase.signIn.kind === 'user' ? { account: relayCase.signIn.name } : {}),
  });
  if (lines.length === 0) return null;
  const text = lines.join('\n');
  return (
    <details className="protocol-log-preview">
      <summary>What the protocol log would show</summary>
      <p className="small">With ProtocolLoggingLevel Verbose on the connector, the RECV log records this session as:</p>
      <CopyButton text={text} label="Copy the log lines" targetId={`${id}-pre`} />
      <pre id={`${id}-pre`} tabIndex={0} data-testid="protocol-log-preview">
        {text}
      </pre>
    </details>
  );
}
