import { CONFLICT_CODES, findMappingConflict, nameKey, type ConnectorState, type Problem } from '@cc/connector-engine';
import { AppError } from '../../plugins/errors.ts';

/**
 * Engine problems as an HTTP answer: only conflicts with another connector (name, binding + ranges) → 409 naming
 * it; anything else → 422. Every problem is listed in `details` so the admin fixes them in one pass.
 */
export function problemsError(errors: readonly Problem[], connector: ConnectorState | null, others: readonly ConnectorState[]): AppError {
  const details = errors.map((p) => ({ code: p.code, path: p.paths[0] ?? '', message: p.message }));
  const onlyConflicts = errors.every((p) => CONFLICT_CODES.has(p.code));
  if (!onlyConflicts) {
    const first = errors.find((p) => !CONFLICT_CODES.has(p.code))!;
    return new AppError(422, 'RULE_VIOLATION', first.message, { details });
  }
  const first = errors[0]!;
  const other =
    connector === null
      ? undefined
      : first.code === 'NAME_TAKEN'
        ? others.find((o) => o.id !== connector.id && nameKey(o.name) === nameKey(connector.name))
        : findMappingConflict(connector, others)?.other;
  return new AppError(409, first.code, first.message, { details, ...(other ? { conflictsWith: { id: other.id, name: other.name } } : {}) });
}
