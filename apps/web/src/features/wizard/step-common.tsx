import type { ReactNode } from 'react';
import type { UseFormRegister } from 'react-hook-form';
import { PERMISSION_GROUP_LABELS, usagePreset, validateConnectorDraft, type Server, type ServerContext, type Usage } from '@cc/connector-engine';
import { AUTH_SHORT, bindingLabel } from '../../lib/labels.ts';
import { SUBMIT_RIGHT, anonymousHolds, counterIds, draftEntries, type ClearedOption } from '../connector-form/engine.ts';
import { toDraft, type WizardValues } from './model.ts';

export interface StepProps {
  values: WizardValues;
  server: Server;
  servers: Server[];
  domain: string;
  ctx: ServerContext;
  /** Messages for a field (`name`) or a whole list (`remoteIPRanges`), from the engine and the API. */
  errorsFor: (field: string) => string[];
  /** Messages per row of a list field, by row index. */
  rowErrorsFor: (field: 'bindings' | 'remoteIPRanges') => Map<number, string[]>;
  update: (next: WizardValues) => void;
  register: UseFormRegister<WizardValues>;
  notices: ClearedOption[];
  setNotices: (notices: ClearedOption[]) => void;
  goToStep: (id: 'groups' | 'authentication') => void;
}

export const article = (word: string) => (/^[AEIOU]/i.test(word) ? 'An' : 'A');

export function StepHeading({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <>
      <h2 id="wizard-step-title" tabIndex={-1}>
        {title}
      </h2>
      {children ? <p className="muted">{children}</p> : null}
    </>
  );
}

export function presetSummary(usage: Usage, role: Server['role']): string {
  const p = usagePreset(usage, role);
  const parts = [
    `Permission groups: ${p.permissionGroups.map((g) => PERMISSION_GROUP_LABELS[g]).join(', ') || 'none'}`,
    `Authentication: ${p.authMechanism.map((m) => AUTH_SHORT[m]).join(', ')}`,
    p.bindings.kind === 'preset' ? `Local addresses: ${p.bindings.value.map(bindingLabel).join(', ')} (fixed)` : 'Local addresses: you choose',
    p.remoteIPRanges.kind === 'preset' ? `Remote ranges: ${p.remoteIPRanges.value.join(', ')} (fixed)` : 'Remote ranges: you choose',
  ];
  if (p.domainSecureEnabled) parts.push('Domain Security (Mutual Auth TLS) on');
  return parts.join(' · ');
}

/** Keeps the relay choice consistent with authentication and groups after any change, saying what moved. */
export function reconcileRelay(values: WizardValues, ctx: ServerContext): { values: WizardValues; notice: ClearedOption | null } {
  const externallySecured = values.authMechanism.includes('ExternalAuthoritative');
  if (externallySecured && values.relay !== 'option1') return { values: { ...values, relay: 'option1' }, notice: null };
  // Option 1 is Externally Secured itself: the notice about clearing that option already says it.
  if (!externallySecured && values.relay === 'option1') return { values: { ...values, relay: 'none' }, notice: null };
  if (values.relay === 'option2') {
    const state = optionTwoState(values, ctx);
    if (!anonymousHolds(state, ctx, SUBMIT_RIGHT))
      return {
        values: { ...values, relay: 'none' },
        notice: {
          option: 'Tls',
          label: 'Relay permissions: Option 2',
          because: 'Anonymous sessions no longer hold ms-Exch-SMTP-Submit (the Anonymous users group is off), so the relay right alone would not let them send.',
        },
      };
  }
  return { values, notice: null };
}

export function optionTwoState(values: WizardValues, ctx: ServerContext) {
  const built = validateConnectorDraft(toDraft(values), { ...ctx, newId: counterIds('probe') }).connector;
  const base = built ?? {
    id: 'draft',
    server: ctx.server.name,
    name: values.name,
    usage: values.usage,
    enabled: true,
    bindings: [],
    remoteIPRanges: [],
    authMechanism: values.authMechanism,
    fqdn: ctx.server.fqdn,
    banner: null,
    maxMessageSize: 10 * 1024 * 1024,
    maxRecipientsPerMessage: 200,
    sizeEnabled: 'Enabled' as const,
    requireTLS: false,
    domainSecureEnabled: values.domainSecureEnabled,
    protocolLoggingLevel: 'None' as const,
    comment: '',
    version: 1,
    entries: [],
  };
  return { ...base, entries: draftEntries(values.permissionGroups, ctx, 'option2') };
}
