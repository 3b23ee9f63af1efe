import * as Collapsible from '@radix-ui/react-collapsible';
import {
  PERMISSION_GROUP_LABELS,
  RIGHT_DISPLAY_NAMES,
  groupAces,
  type PermissionGroup,
  type PermissionGroupReadBack,
  type ReceiveRight,
  type ServerRole,
} from '@cc/connector-engine';
import { FieldErrors } from '../../components/Field.tsx';

/** One line per group, as the Exchange 2007 help describes them (§2, S5). */
const GROUP_HINTS: Record<PermissionGroup, string> = {
  AnonymousUsers: 'Sessions that have not signed in (NT AUTHORITY\\ANONYMOUS LOGON).',
  ExchangeUsers: 'Users who sign in with a domain account (NT AUTHORITY\\Authenticated Users).',
  ExchangeServers: 'Other Exchange servers of the organisation — and, with Externally Secured, every session on this connector.',
  ExchangeLegacyServers: 'Exchange 2003 and 2000 servers (the ExchangeLegacyInterop group).',
  Partners: 'Partner servers whose domain is secured with mutual TLS (MS Exchange\\Partner Servers).',
};

/** Exchange users and Legacy Exchange Servers are hidden on Edge (§2.2, §2.4). */
export function visibleGroups(role: ServerRole): PermissionGroup[] {
  const all: PermissionGroup[] = ['AnonymousUsers', 'ExchangeUsers', 'ExchangeServers', 'ExchangeLegacyServers', 'Partners'];
  return role === 'Edge' ? all.filter((g) => g !== 'ExchangeUsers' && g !== 'ExchangeLegacyServers') : all;
}

export function RightName({ right }: { right: string }) {
  const display = RIGHT_DISPLAY_NAMES[right as ReceiveRight];
  return (
    <>
      <code>{right}</code>
      {display ? <span className="muted small"> — {display}</span> : null}
    </>
  );
}

export function GroupGrants({ group, role, domain }: { group: PermissionGroup; role: ServerRole; domain: string }) {
  const aces = groupAces(group, role, domain);
  if (aces.length === 0) return <p className="muted">This group writes no permission on this server role.</p>;
  return (
    <ul className="grants">
      {aces.map((ace) => (
        <li key={ace.user}>
          <strong>{ace.user}</strong> is allowed {ace.allow.length} {ace.allow.length === 1 ? 'right' : 'rights'}:
          <ul>
            {ace.allow.map((r) => (
              <li key={r}>
                <RightName right={r} />
              </li>
            ))}
          </ul>
          {ace.deny.length > 0 ? (
            <>
              and denied:
              <ul>
                {ace.deny.map((r) => (
                  <li key={r}>
                    <RightName right={r} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

interface Props {
  idPrefix: string;
  role: ServerRole;
  domain: string;
  value: readonly PermissionGroup[];
  onToggle: (group: PermissionGroup, on: boolean) => void;
  /** On an existing connector: the value Exchange reads back from the ACL, which may include Custom. */
  readBack?: readonly PermissionGroupReadBack[];
  errors?: string[];
  disabled?: boolean;
}

/** The Permission Groups page/tab: each group can expand to the principals and rights it grants. */
export function PermissionGroupsField({ idPrefix, role, domain, value, onToggle, readBack, errors = [], disabled = false }: Props) {
  return (
    <fieldset className="group-list" aria-describedby={errors.length > 0 ? `${idPrefix}-error` : undefined}>
      <legend>Specify who is allowed to connect</legend>
      {visibleGroups(role).map((group) => {
        const id = `${idPrefix}-${group}`;
        return (
          <Collapsible.Root key={group} className="group-item">
            <div className="check-row">
              <input
                id={id}
                type="checkbox"
                checked={value.includes(group)}
                onChange={(e) => onToggle(group, e.target.checked)}
                aria-describedby={`${id}-hint`}
                disabled={disabled}
              />
              <label htmlFor={id}>{PERMISSION_GROUP_LABELS[group]}</label>
              <Collapsible.Trigger className="link-button small">
                What it grants<span className="visually-hidden">: {PERMISSION_GROUP_LABELS[group]}</span>
              </Collapsible.Trigger>
            </div>
            <p id={`${id}-hint`} className="hint">
              {GROUP_HINTS[group]}
            </p>
            <Collapsible.Content className="collapsible">
              <GroupGrants group={group} role={role} domain={domain} />
            </Collapsible.Content>
          </Collapsible.Root>
        );
      })}
      {readBack?.includes('Custom') ? (
        <p className="notice" data-testid="custom-readback">
          <strong>Custom</strong> is shown because this connector&apos;s permissions differ from what the selected groups grant
          (see the Permissions tab). Custom is read-only: it cannot be selected or set.
        </p>
      ) : null}
      {role === 'Edge' ? (
        <p className="hint">Exchange users and Legacy Exchange Servers are not offered on an Edge Transport server.</p>
      ) : null}
      <FieldErrors id={`${idPrefix}-error`} errors={errors} />
    </fieldset>
  );
}
