import { describe, expect, it } from 'vitest';
import { abilities, ACTIONS, can, PERMISSION_CATALOGUE } from './catalogue.ts';

describe('permission catalogue', () => {
  it('gives admins every action', () => {
    expect(abilities('admin')).toEqual(ACTIONS);
  });

  it('keeps writes and account management away from the help desk', () => {
    for (const action of ACTIONS.filter((a) => a.endsWith(':write') || a === 'users:manage' || a === 'connectors:validate'))
      expect(can('helpdesk', action), action).toBe(false);
  });

  it('lets the help desk read and ask questions', () => {
    for (const action of ['connectors:read', 'servers:read', 'domains:read', 'directory:read', 'simulate:run', 'findings:read', 'audit:read', 'session:self', 'account:self'] as const)
      expect(can('helpdesk', action), action).toBe(true);
  });

  it('describes every action', () => {
    for (const action of ACTIONS) expect(PERMISSION_CATALOGUE[action].description.length).toBeGreaterThan(10);
  });
});
