import { samePrincipal, unknownRights, wellKnownPrincipals, type PermissionChange, type Principal } from '@cc/connector-engine';
import { AppError } from '../../plugins/errors.ts';

/** Add-/Remove-ADPermission refuse rights Exchange does not define and principals AD cannot resolve. */
export function checkPermissionChange(change: PermissionChange, directory: readonly Principal[], domain: string): void {
  const unknown = unknownRights(change);
  if (unknown.length > 0)
    throw new AppError(422, 'RULE_VIOLATION', `Exchange has no extended right named ${unknown.join(', ')}.`, {
      details: unknown.map((r) => ({
        code: 'UNKNOWN_RIGHT',
        path: `extendedRights[${change.extendedRights.indexOf(r)}]`,
        message: `Exchange has no extended right named ${r}; choose one of the ms-Exch-… receive rights.`,
      })),
    });
  const known = [...directory.map((p) => p.name), ...wellKnownPrincipals(domain).map((w) => w.name)];
  if (!known.some((name) => samePrincipal(name, change.user)))
    throw new AppError(422, 'RULE_VIOLATION', `${change.user} is not in the directory.`, {
      details: [
        {
          code: 'UNKNOWN_PRINCIPAL',
          path: 'user',
          message: `${change.user} is neither a directory user or group nor a well-known principal; add it under Directory first or check the spelling.`,
        },
      ],
    });
}
