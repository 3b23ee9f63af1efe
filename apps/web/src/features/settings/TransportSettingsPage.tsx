import { useId, useState, type FormEvent } from 'react';
import { SecureDomainSchema, setTransportConfigCommands, type TransportSettings } from '@cc/connector-engine';
import { useTransportSettings, useUpdateTransportSettings } from '../../api/helpdesk-hooks.ts';
import { useCan } from '../../app/session.ts';
import { Field } from '../../components/Field.tsx';
import { ShellCommands } from '../../components/ShellCommands.tsx';
import { Empty, ErrorMessage, Loading } from '../../components/States.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

type ListKey = keyof TransportSettings;

const LISTS: { key: ListKey; title: string; parameter: string; description: string; empty: string }[] = [
  {
    key: 'tlsReceiveDomainSecureList',
    title: 'Receive: domains secured with mutual TLS',
    parameter: 'TLSReceiveDomainSecureList',
    description:
      'Mail from these sender domains must arrive over TLS with a valid client certificate for the domain; the session then runs as MS Exchange\\Partner Servers. Without TLS Exchange answers 530 5.7.1 Not authenticated; with a certificate that does not validate, 454 4.7.5 Certificate validation failure. The receive connector needs Domain Security (DomainSecureEnabled).',
    empty: 'No domain is domain-secured: partner hosts are anonymous clients.',
  },
  {
    key: 'tlsSendDomainSecureList',
    title: 'Send: domains secured with mutual TLS',
    parameter: 'TLSSendDomainSecureList',
    description: 'Outgoing mail to these domains is sent over mutual TLS. It changes no receive session; list a partner here too so Domain Security works both ways.',
    empty: 'No outgoing domain is domain-secured.',
  },
];

function DomainList({ list, settings, canWrite }: { list: (typeof LISTS)[number]; settings: TransportSettings; canWrite: boolean }) {
  const id = useId();
  const update = useUpdateTransportSettings();
  const [domain, setDomain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [shell, setShell] = useState<string[]>([]);
  const domains = settings[list.key];

  const change = (edit: { add?: string[]; remove?: string[] }) => {
    setShell([]);
    update.mutate(
      { [list.key]: edit },
      {
        onSuccess: (after) => {
          setShell(setTransportConfigCommands(settings, after));
          setDomain('');
        },
      },
    );
  };

  const add = (e: FormEvent) => {
    e.preventDefault();
    const parsed = SecureDomainSchema.safeParse(domain.trim());
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Enter a domain such as partner.example.');
      document.getElementById(`${id}-domain`)?.focus();
      return;
    }
    if (domains.some((d) => d.toLowerCase() === parsed.data.toLowerCase())) {
      setError(`${parsed.data} is already on the list.`);
      return;
    }
    setError(null);
    change({ add: [parsed.data] });
  };

  return (
    <section aria-labelledby={`${id}-title`} className="org-form" data-testid={`list-${list.key}`}>
      <h2 id={`${id}-title`}>{list.title}</h2>
      <p className="muted">
        <code>{list.parameter}</code>. {list.description}
      </p>
      {domains.length === 0 ? (
        <Empty>{list.empty}</Empty>
      ) : (
        <ul className="plain">
          {domains.map((d) => (
            <li key={d}>
              <code>{d}</code>{' '}
              {canWrite ? (
                <button type="button" onClick={() => change({ remove: [d] })} disabled={update.isPending}>
                  Remove<span className="visually-hidden"> {d} from {list.parameter}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <form onSubmit={add} noValidate>
          <Field id={`${id}-domain`} label={`Add a domain to ${list.parameter}`} hint="For example partner.example: the partner's SMTP domain, no wildcard." error={error}>
            <input
              id={`${id}-domain`}
              value={domain}
              onChange={(e) => setDomain(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-domain-hint${error ? ` ${id}-domain-error` : ''}`}
              autoComplete="off"
              spellCheck={false}
            />
          </Field>
          <div className="buttons">
            <button type="submit" className="primary" disabled={update.isPending}>
              {update.isPending ? 'Saving…' : 'Add'}
            </button>
          </div>
        </form>
      ) : null}
      {update.error ? <ErrorMessage error={update.error} title="The transport settings were not changed" /> : null}
      <div role="status" className="status-line">
        {shell.length > 0 ? (
          <>
            <p>Saved. The audit log records it as:</p>
            <ShellCommands commands={shell} />
          </>
        ) : null}
      </div>
    </section>
  );
}

/** The organisation's Get-TransportConfig values that change a receive session; admins edit, help desk reads. */
export default function TransportSettingsPage() {
  usePageTitle('Transport settings');
  const settings = useTransportSettings();
  const canWrite = useCan('transport:write');
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Transport settings</h1>
      <p className="muted">
        The organisation&apos;s transport configuration (<code>Get-TransportConfig</code>) that changes how receive connectors treat a session: Domain
        Security with partner organisations.
        {canWrite ? null : ' Only an administrator can change these settings.'}
      </p>
      {settings.isLoading ? <Loading label="Loading transport settings…" /> : null}
      {settings.error ? <ErrorMessage error={settings.error} title="Transport settings could not be loaded" retry={() => void settings.refetch()} /> : null}
      {settings.data ? LISTS.map((list) => <DomainList key={list.key} list={list} settings={settings.data} canWrite={canWrite} />) : null}
    </section>
  );
}
