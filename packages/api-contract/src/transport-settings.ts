import { z } from 'zod';
import { MAX_DOMAIN_SECURE_DOMAINS, TransportSettingsSchema } from '@cc/connector-engine';

/** The organisation's Get-TransportConfig values that change a receive session. */
export const TransportSettingsViewSchema = TransportSettingsSchema.describe(
  'Get-TransportConfig: TLSReceiveDomainSecureList decides which sender domains must arrive over mutual TLS (and then run as MS Exchange\\Partner Servers); TLSSendDomainSecureList is its outbound twin',
);

const domains = TransportSettingsSchema.shape.tlsReceiveDomainSecureList;
/** Add and remove, like the other list edits: nobody replaces (and wipes) a list by accident. */
const listEdit = z
  .strictObject({
    add: domains.optional(),
    // Removal names what is stored, whatever its spelling.
    remove: z.array(z.string().max(255)).max(MAX_DOMAIN_SECURE_DOMAINS).optional(),
  })
  .refine((e) => e.add !== undefined || e.remove !== undefined, 'Send add, remove or both.');

export const TransportSettingsPatchBodySchema = z
  .strictObject({ tlsReceiveDomainSecureList: listEdit.optional(), tlsSendDomainSecureList: listEdit.optional() })
  .refine((b) => b.tlsReceiveDomainSecureList !== undefined || b.tlsSendDomainSecureList !== undefined, 'Send tlsReceiveDomainSecureList, tlsSendDomainSecureList or both.');
export type TransportSettingsPatchBody = z.infer<typeof TransportSettingsPatchBodySchema>;
