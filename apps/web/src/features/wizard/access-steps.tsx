import type { PermissionGroup } from '@cc/connector-engine';
import { SignInWarning } from '../connector-form/SignInWarning.tsx';
import { AuthenticationField, ClearedNotice } from '../connector-form/AuthenticationField.tsx';
import { applyChange as applyAuthChange, type AuthChoice } from '../connector-form/engine.ts';
import { PermissionGroupsField } from '../connector-form/PermissionGroupsField.tsx';
import { StepHeading, reconcileRelay, type StepProps } from './step-common.tsx';

// ---- 4. Permission groups -----------------------------------------------------------------------------------

export function PermissionGroupsStep({ values, server, domain, ctx, errorsFor, update, notices, setNotices }: StepProps) {
  const toggle = (group: PermissionGroup, on: boolean) => {
    const groups = on ? [...values.permissionGroups.filter((g) => g !== group), group] : values.permissionGroups.filter((g) => g !== group);
    const before: AuthChoice = { authMechanism: values.authMechanism, domainSecureEnabled: values.domainSecureEnabled, requireTLS: false, groups: values.permissionGroups };
    const after: AuthChoice = { ...before, groups };
    const outcome = applyAuthChange(before, after, null);
    const next = { ...values, permissionGroups: groups, authMechanism: outcome.choice.authMechanism, domainSecureEnabled: outcome.choice.domainSecureEnabled };
    const relay = reconcileRelay(next, ctx);
    update(relay.values);
    setNotices([...outcome.cleared, ...(relay.notice ? [relay.notice] : [])]);
  };
  return (
    <>
      <StepHeading title="Permission groups">
        Each group writes permissions for its principals on this connector. Expand a group to see exactly what it grants.
      </StepHeading>
      <ClearedNotice cleared={notices} onDismiss={() => setNotices([])} />
      <SignInWarning groups={values.permissionGroups} authMechanism={values.authMechanism} />
      <PermissionGroupsField
        idPrefix="wizard-group"
        role={server.role}
        domain={domain}
        value={values.permissionGroups}
        onToggle={toggle}
        errors={errorsFor('permissionGroups')}
      />
    </>
  );
}

// ---- 5. Authentication ------------------------------------------------------------------------------------

export function AuthenticationStep({ values, ctx, errorsFor, update, notices, setNotices, goToStep }: StepProps) {
  const choice: AuthChoice = {
    authMechanism: values.authMechanism,
    domainSecureEnabled: values.domainSecureEnabled,
    requireTLS: false,
    groups: values.permissionGroups,
  };
  return (
    <>
      <StepHeading title="Authentication">
        Options that Exchange would refuse with the current choices are unavailable, with the reason next to them.
      </StepHeading>
      <ClearedNotice cleared={notices} onDismiss={() => setNotices([])} />
      <SignInWarning groups={values.permissionGroups} authMechanism={values.authMechanism} />
      <AuthenticationField
        idPrefix="wizard-auth"
        choice={choice}
        permissionGroupsLink={
          <button type="button" className="link-button" onClick={() => goToStep('groups')}>
            Go to the Permission groups step
          </button>
        }
        errors={[...errorsFor('authMechanism'), ...errorsFor('domainSecureEnabled')]}
        onChange={(next, cleared) => {
          const relay = reconcileRelay({ ...values, authMechanism: next.authMechanism, domainSecureEnabled: next.domainSecureEnabled }, ctx);
          update(relay.values);
          setNotices([...cleared, ...(relay.notice ? [relay.notice] : [])]);
        }}
      />
    </>
  );
}
