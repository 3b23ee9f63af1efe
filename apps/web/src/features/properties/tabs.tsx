import type { UseFormReturn } from 'react-hook-form';
import { Link } from 'react-router';
import {
  permissionGroupLabel,
  AUTH_MECHANISM_LABELS,
  DOMAIN_SECURITY_LABEL,
  PERMISSION_GROUP_LABELS,
  type PermissionGroup,
  type Server,
} from '@cc/connector-engine';
import type { ConnectorView } from '../../api/types.ts';
import { ChangeList } from '../../components/ChangeList.tsx';
import { describedBy, Field } from '../../components/Field.tsx';
import type { Change } from '../../lib/connector-diff.ts';
import { formatBytes } from '../../lib/format.ts';
import { bindingLabel } from '../../lib/labels.ts';
import { RangeCounts } from '../connector-form/RangeCounts.tsx';
import { SignInWarning } from '../connector-form/SignInWarning.tsx';
import { AuthenticationField, ClearedNotice } from '../connector-form/AuthenticationField.tsx';
import { BindingsEditor } from '../connector-form/BindingsEditor.tsx';
import { applyChange, type AuthChoice, type ClearedOption } from '../connector-form/engine.ts';
import { GroupGrants, PermissionGroupsField, visibleGroups } from '../connector-form/PermissionGroupsField.tsx';
import { RemoteRangesEditor } from '../connector-form/RemoteRangesEditor.tsx';
import type { Editable } from './model.ts';

export interface TabProps {
  view: ConnectorView;
  server: Server;
  domain: string;
  form: UseFormReturn<Editable>;
  values: Editable;
  readOnly: boolean;
  /** Engine and API messages for a field (`fqdn`) or a list (`remoteIPRanges`). */
  errorsFor: (field: string) => string[];
  rowErrorsFor: (field: 'bindings' | 'remoteIPRanges') => Map<number, string[]>;
  notices: ClearedOption[];
  setNotices: (n: ClearedOption[]) => void;
  pendingFor: (field: string) => Change[];
}

const set = (form: UseFormReturn<Editable>, patch: Partial<Editable>) => {
  for (const [k, v] of Object.entries(patch)) form.setValue(k as keyof Editable, v as never, { shouldDirty: true, shouldValidate: false });
};

// ---- General ------------------------------------------------------------------------------------------------

export function GeneralTab({ view, form, values, readOnly, errorsFor }: TabProps) {
  const { register } = form;
  if (readOnly)
    return (
      <dl className="summary">
        <dt>Name</dt>
        <dd>{view.name}</dd>
        <dt>Status</dt>
        <dd>{view.enabled ? 'Enabled' : 'Disabled'}</dd>
        <dt>Intended use</dt>
        <dd>{view.usage}</dd>
        <dt>FQDN for HELO/EHLO</dt>
        <dd>{view.fqdn}</dd>
        <dt>Banner</dt>
        <dd>{view.banner ?? '(default)'}</dd>
        <dt>Maximum message size</dt>
        <dd>{formatBytes(view.maxMessageSize)}</dd>
        <dt>Protocol logging level</dt>
        <dd>{view.protocolLoggingLevel}</dd>
        <dt>Comment</dt>
        <dd>{view.comment || '(none)'}</dd>
      </dl>
    );
  const err = (f: string) => errorsFor(f);
  const field = (id: string, name: keyof Editable, label: string, hint?: string, errorField: string = name) => {
    const errors = err(errorField);
    return (
      <Field id={id} label={label} hint={hint} error={errors}>
        <input
          id={id}
          {...register(name)}
          autoComplete="off"
          aria-invalid={errors.length > 0 || undefined}
          aria-describedby={describedBy(id, { hint: !!hint, error: errors.length > 0 })}
        />
      </Field>
    );
  };
  return (
    <div className="tab-form">
      {field('prop-name', 'name', 'Name:')}
      <div className="field">
        <div className="check-row">
          <input id="prop-enabled" type="checkbox" {...register('enabled')} />
          <label htmlFor="prop-enabled">Enable this connector</label>
        </div>
        <p className="hint">A disabled connector accepts no connections; its remote hosts fall through to the next matching connector.</p>
      </div>
      <p>
        <span className="muted">Intended use:</span> {view.usage} <span className="muted small">(chosen at creation; it cannot be changed)</span>
      </p>
      {field(
        'prop-fqdn',
        'fqdn',
        'Specify the FQDN this connector will provide in response to HELO or EHLO:',
        /^Default /i.test(view.name)
          ? `Do not change the FQDN of ${view.name}: mail between Hub Transport servers depends on it.`
          : undefined,
      )}
      {field('prop-banner', 'banner', 'Banner:', 'The 220 greeting; leave empty for Exchange’s default banner.')}
      {field('prop-size', 'maxMessageSizeKb', 'Maximum message size (KB):', `Currently ${formatBytes(view.maxMessageSize)}.`, 'maxMessageSize')}
      <Field id="prop-logging" label="Protocol logging level:">
        <select id="prop-logging" {...register('protocolLoggingLevel')}>
          <option value="None">None</option>
          <option value="Verbose">Verbose</option>
        </select>
      </Field>
      <Field id="prop-comment" label="Comment:" error={err('comment')}>
        <textarea id="prop-comment" rows={3} {...register('comment')} aria-describedby={describedBy('prop-comment', { error: err('comment').length > 0 })} />
      </Field>
      {values.name !== view.name ? (
        <p className="hint">Renaming changes the identity in shell commands to {`${view.server}\\${values.name}`}.</p>
      ) : null}
    </div>
  );
}

// ---- Network ------------------------------------------------------------------------------------------------

export function NetworkTab({ view, server, form, values, readOnly, errorsFor, rowErrorsFor, pendingFor }: TabProps) {
  if (readOnly)
    return (
      <dl className="summary">
        <dt>Use these local IP addresses to receive mail</dt>
        <dd>
          <ul className="plain">
            {view.bindings.map((b) => (
              <li key={b}>
                <code>{bindingLabel(b)}</code>
              </li>
            ))}
          </ul>
        </dd>
        <dt>Receive mail from remote servers that have these IP addresses</dt>
        <dd>
          <RangeCounts ranges={view.remoteIPRanges} />
        </dd>
      </dl>
    );
  const pending = [...pendingFor('bindings'), ...pendingFor('remoteIPRanges')];
  return (
    <div className="tab-form">
      <p className="hint">
        Changes are saved as additions and removals, so entries someone else adds meanwhile are kept. Each list is checked against
        the other connectors of {view.server}.
      </p>
      <BindingsEditor
        idPrefix="prop-binding"
        server={server}
        rows={values.bindings}
        onChange={(bindings) => set(form, { bindings })}
        rowErrors={rowErrorsFor('bindings')}
        listErrors={errorsFor('bindings')}
      />
      <RemoteRangesEditor
        idPrefix="prop-range"
        values={values.remoteIPRanges}
        onChange={(remoteIPRanges) => set(form, { remoteIPRanges })}
        rowErrors={rowErrorsFor('remoteIPRanges')}
        listErrors={errorsFor('remoteIPRanges')}
      />
      <section className="pending" aria-labelledby="network-pending">
        <h3 id="network-pending">Changes to save</h3>
        <ChangeList changes={pending} empty="No network changes yet." testId="network-diff" />
      </section>
    </div>
  );
}

// ---- Authentication -------------------------------------------------------------------------------------------

export function AuthenticationTab({ view, form, values, readOnly, errorsFor, notices, setNotices }: TabProps) {
  if (readOnly)
    return (
      <ul className="plain">
        {view.authMechanism.length === 0 ? <li>None</li> : null}
        {view.authMechanism.map((m) => (
          <li key={m}>{AUTH_MECHANISM_LABELS[m]}</li>
        ))}
        {view.domainSecureEnabled ? <li>{DOMAIN_SECURITY_LABEL}</li> : null}
      </ul>
    );
  const choice: AuthChoice = {
    authMechanism: values.authMechanism,
    domainSecureEnabled: values.domainSecureEnabled,
    requireTLS: view.requireTLS,
    groups: values.permissionGroups,
  };
  return (
    <div className="tab-form">
      <ClearedNotice cleared={notices} onDismiss={() => setNotices([])} />
      <SignInWarning groups={values.permissionGroups} authMechanism={values.authMechanism} />
      <AuthenticationField
        idPrefix="prop-auth"
        choice={choice}
        permissionGroupsLink={<Link to="?tab=groups">Go to the Permission Groups tab</Link>}
        errors={[...errorsFor('authMechanism'), ...errorsFor('domainSecureEnabled'), ...errorsFor('requireTLS')]}
        onChange={(next, cleared) => {
          set(form, { authMechanism: next.authMechanism, domainSecureEnabled: next.domainSecureEnabled });
          setNotices(cleared);
        }}
      />
    </div>
  );
}

// ---- Permission Groups ----------------------------------------------------------------------------------------

export function PermissionGroupsTab({ view, server, domain, form, values, readOnly, errorsFor, notices, setNotices }: TabProps) {
  if (readOnly)
    return (
      <div>
        <p>
          Permission groups, as Exchange reads them back: <strong data-testid="readback-groups">{view.permissionGroups.map(permissionGroupLabel).join(', ') || 'None'}</strong>
        </p>
        <ul className="plain">
          {visibleGroups(server.role)
            .filter((g) => view.permissionGroups.includes(g))
            .map((g) => (
              <li key={g}>
                <strong>{PERMISSION_GROUP_LABELS[g]}</strong>
                <GroupGrants group={g} role={server.role} domain={domain} />
              </li>
            ))}
        </ul>
      </div>
    );
  const toggle = (group: PermissionGroup, on: boolean) => {
    const groups = on ? [...values.permissionGroups.filter((g) => g !== group), group] : values.permissionGroups.filter((g) => g !== group);
    const before: AuthChoice = { authMechanism: values.authMechanism, domainSecureEnabled: values.domainSecureEnabled, requireTLS: view.requireTLS, groups: values.permissionGroups };
    const outcome = applyChange(before, { ...before, groups }, null);
    set(form, { permissionGroups: groups, authMechanism: outcome.choice.authMechanism, domainSecureEnabled: outcome.choice.domainSecureEnabled });
    setNotices(outcome.cleared);
  };
  return (
    <div className="tab-form">
      <p>
        Exchange reads this connector&apos;s permission groups back as <strong data-testid="readback-groups">{view.permissionGroups.map(permissionGroupLabel).join(', ') || 'None'}</strong>.
        Saving a change here rewrites the groups&apos; permissions; permissions added by hand are kept.
      </p>
      <ClearedNotice cleared={notices} onDismiss={() => setNotices([])} />
      <SignInWarning groups={values.permissionGroups} authMechanism={values.authMechanism} />
      <PermissionGroupsField
        idPrefix="prop-group"
        role={server.role}
        domain={domain}
        value={values.permissionGroups}
        readBack={view.permissionGroups}
        onToggle={toggle}
        errors={errorsFor('permissionGroups')}
      />
    </div>
  );
}
