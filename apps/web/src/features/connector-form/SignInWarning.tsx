import { exchangeUsersWithoutSignIn, type AuthMechanism, type PermissionGroupReadBack } from '@cc/connector-engine';

/** The engine's warning when Exchange users is ticked but nobody can sign in; Exchange would save it anyway. */
export function SignInWarning({ groups, authMechanism }: { groups: readonly PermissionGroupReadBack[]; authMechanism: readonly AuthMechanism[] }) {
  const warning = exchangeUsersWithoutSignIn(groups, authMechanism);
  if (!warning) return null;
  return (
    <p className="warning-box" role="note" data-testid="sign-in-warning">
      {warning.message}
    </p>
  );
}
