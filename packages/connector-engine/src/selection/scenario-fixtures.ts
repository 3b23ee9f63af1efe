import type { SelectableConnector } from './types.ts';

/** The HUB01 connectors of scenarios.md ("Shared fixture" and "Common extra connectors"). */
function connector(name: string, bindings: string[], remoteIPRanges: string[], enabled = true): SelectableConnector {
  return { id: name.toLowerCase().replaceAll(' ', '-'), name, enabled, bindings, remoteIPRanges };
}

export const defaultHub01 = connector('Default HUB01', ['0.0.0.0:25'], ['0.0.0.0-255.255.255.255']);
export const clientHub01 = connector('Client HUB01', ['0.0.0.0:587'], ['0.0.0.0-255.255.255.255']);
export const internetHub01 = connector('Internet HUB01', ['10.0.0.11:25'], ['0.0.0.0-255.255.255.255']);
export const lanRelay = connector('LAN Relay', ['0.0.0.0:25'], ['10.0.0.0/24']);
export const appRelay = connector('AppRelay', ['0.0.0.0:25'], ['10.0.0.50']);
export const printerExtSec = connector('Printer ExtSec', ['0.0.0.0:25'], ['10.0.0.51']);
export const v6Relay = connector('V6 Relay', ['[::]:25'], ['2001:db8:1::/48']);
export const odd = connector('Odd', ['0.0.0.0:25'], ['2001:db8:1::/48']);
export const defaults = [defaultHub01, clientHub01];
