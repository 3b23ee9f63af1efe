/**
 * HTTP answer and request shapes, taken from `@cc/api-contract` (type-only imports: no schema code reaches
 * the initial bundle from here).
 */
import type { z } from 'zod';
import type {
  ConnectorCreateBodySchema,
  ConnectorPatchBody,
  ConnectorViewSchema,
  EffectivePermissionsSchema,
  PermissionBodyForConnectorSchema,
  ValidateAnswerSchema,
} from '@cc/api-contract';

/** GET /api/connectors, GET /api/connectors/:id: the connector with PermissionGroups read back from its ACL. */
export type ConnectorView = z.infer<typeof ConnectorViewSchema>;

/** POST /api/connectors/validate: `{ errors[], warnings[], findings[], normalized }`; never writes. */
export type ValidateAnswer = z.infer<typeof ValidateAnswerSchema>;

/** A rule problem as the engine returns it (`paths`) or as an error detail (`path`). */
export interface ProblemView {
  code: string;
  paths?: string[];
  path?: string;
  message: string;
}

/** GET /api/connectors/:id/effective-permissions?identity= */
export type EffectivePermissionsAnswer = z.infer<typeof EffectivePermissionsSchema>;

/** PATCH /api/connectors/:id: fields to set; every list as `{ add, remove }`. */
export type ConnectorPatch = ConnectorPatchBody;

/** POST /api/connectors/:id/permissions and …/permissions/remove. */
export type PermissionChangeBody = z.input<typeof PermissionBodyForConnectorSchema>;

export type NewConnectorBody = z.infer<typeof ConnectorCreateBodySchema>;
