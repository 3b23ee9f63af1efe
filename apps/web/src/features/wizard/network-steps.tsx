import { USAGES, usagePreset, type Usage } from '@cc/connector-engine';
import { describedBy, Field, FieldErrors } from '../../components/Field.tsx';
import { bindingLabel } from '../../lib/labels.ts';
import { BindingsEditor } from '../connector-form/BindingsEditor.tsx';
import { RemoteRangesEditor } from '../connector-form/RemoteRangesEditor.tsx';
import { StepHeading, article, presetSummary, type StepProps } from './step-common.tsx';

// ---- 1. Introduction --------------------------------------------------------------------------------------

export function IntroductionStep({ values, server, servers, errorsFor, register, onServer, onUsage }: StepProps & {
  onServer: (name: string) => void;
  onUsage: (usage: Usage) => void;
}) {
  const nameErrors = errorsFor('name');
  const usageErrors = errorsFor('usage');
  const serverErrors = errorsFor('server');
  return (
    <>
      <StepHeading title="Introduction">
        This wizard creates a new Receive connector. Name it and select the intended use; the intended use sets its starting
        permission groups and authentication, and cannot be changed later.
      </StepHeading>
      <Field id="wizard-name" label="Name:" error={nameErrors}>
        <input
          id="wizard-name"
          {...register('name')}
          autoComplete="off"
          maxLength={200}
          aria-invalid={nameErrors.length > 0 || undefined}
          aria-describedby={describedBy('wizard-name', { error: nameErrors.length > 0 })}
        />
      </Field>
      <Field id="wizard-server" label="Server:" error={serverErrors}>
        <select
          id="wizard-server"
          value={values.server}
          onChange={(e) => onServer(e.target.value)}
          aria-describedby={describedBy('wizard-server', { error: serverErrors.length > 0 })}
        >
          {servers.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} ({s.role === 'Edge' ? 'Edge Transport' : 'Hub Transport'}, {s.fqdn})
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="usage-list" aria-describedby={usageErrors.length > 0 ? 'wizard-usage-error' : undefined}>
        <legend>Select the intended use for this Receive connector:</legend>
        {USAGES.map((usage) => {
          const preset = usagePreset(usage, server.role);
          const unavailable = preset.hubOnly && server.role === 'Edge';
          const id = `wizard-usage-${usage}`;
          return (
            <div key={usage} className={`radio-option${unavailable ? ' is-disabled' : ''}`}>
              <div className="check-row">
                <input
                  type="radio"
                  id={id}
                  name="usage"
                  value={usage}
                  checked={values.usage === usage}
                  disabled={unavailable}
                  onChange={() => onUsage(usage)}
                  aria-describedby={`${id}-desc ${id}-preset`}
                />
                <label htmlFor={id}>{usage}</label>
              </div>
              <p id={`${id}-desc`} className="hint">
                {preset.description}
                {unavailable ? ' Not available on an Edge Transport server.' : ''}
              </p>
              <p id={`${id}-preset`} className="hint small">
                Presets — {presetSummary(usage, server.role)}
              </p>
            </div>
          );
        })}
        <FieldErrors id="wizard-usage-error" errors={usageErrors} />
      </fieldset>
    </>
  );
}

// ---- 2. Local network settings ----------------------------------------------------------------------------

export function LocalNetworkStep({ values, server, errorsFor, rowErrorsFor, update, register }: StepProps) {
  const preset = usagePreset(values.usage, server.role);
  const fixed = preset.bindings.kind === 'preset';
  const fqdnErrors = errorsFor('fqdn');
  return (
    <>
      <StepHeading title="Local network settings">
        The local IP addresses and ports this connector listens on, and the name it gives in reply to HELO or EHLO.
      </StepHeading>
      <BindingsEditor
        idPrefix="wizard-binding"
        server={server}
        rows={values.bindings}
        onChange={(bindings) => update({ ...values, bindings })}
        rowErrors={rowErrorsFor('bindings')}
        listErrors={errorsFor('bindings')}
        readOnly={fixed}
        readOnlyReason={
          fixed
            ? `${article(values.usage)} ${values.usage} connector always listens on ${preset.bindings.kind === 'preset' ? preset.bindings.value.map(bindingLabel).join(', ') : ''}. Choose the Custom intended use to pick the addresses yourself.`
            : undefined
        }
      />
      <Field
        id="wizard-fqdn"
        label="Specify the FQDN this connector will provide in response to HELO or EHLO:"
        hint={
          fixed
            ? `Preset to the server's FQDN (${server.fqdn}) for ${article(values.usage).toLowerCase()} ${values.usage} connector; change it later on the General tab if you must.`
            : `For example, mail.contoso.com. The default is the server's FQDN, ${server.fqdn}.`
        }
        error={fqdnErrors}
      >
        <input
          id="wizard-fqdn"
          {...register('fqdn')}
          readOnly={fixed}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={fqdnErrors.length > 0 || undefined}
          aria-describedby={describedBy('wizard-fqdn', { hint: true, error: fqdnErrors.length > 0 })}
        />
      </Field>
    </>
  );
}

// ---- 3. Remote network settings ---------------------------------------------------------------------------

export function RemoteNetworkStep({ values, server, errorsFor, rowErrorsFor, update }: StepProps) {
  const preset = usagePreset(values.usage, server.role);
  const fixed = preset.remoteIPRanges.kind === 'preset';
  return (
    <>
      <StepHeading title="Remote network settings">
        Only connections from these addresses use this connector. When several connectors match, the most specific range wins.
      </StepHeading>
      <RemoteRangesEditor
        idPrefix="wizard-range"
        values={values.remoteIPRanges.map((r) => r.value)}
        onChange={(list) => update({ ...values, remoteIPRanges: list.map((value) => ({ value })) })}
        rowErrors={rowErrorsFor('remoteIPRanges')}
        listErrors={errorsFor('remoteIPRanges')}
        readOnly={fixed}
        readOnlyReason={
          fixed
            ? `${article(values.usage)} ${values.usage} connector receives from every IPv4 address (${preset.remoteIPRanges.kind === 'preset' ? preset.remoteIPRanges.value.join(', ') : ''}). Choose the Custom intended use to scope the connector to particular hosts.`
            : undefined
        }
      />
    </>
  );
}
