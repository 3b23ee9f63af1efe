import { describe, expect, it } from 'vitest';
import { applyChange, disabledReason, setOption, type AuthChoice } from './engine.ts';

const choice = (over: Partial<AuthChoice> = {}): AuthChoice => ({
  authMechanism: ['Tls'],
  domainSecureEnabled: false,
  requireTLS: false,
  groups: [],
  ...over,
});

describe('authentication options driven by the engine rules', () => {
  it('keeps Externally Secured unavailable, with the rule message, until Exchange servers is on', () => {
    expect(disabledReason(choice(), 'ExternalAuthoritative')?.text).toMatch(/Exchange servers permission group/);
    expect(disabledReason(choice({ groups: ['ExchangeServers'] }), 'ExternalAuthoritative')).toBeNull();
  });

  it('refuses other mechanisms next to Externally Secured, and Externally Secured next to them', () => {
    const secured = choice({ groups: ['ExchangeServers'], authMechanism: ['Tls', 'ExternalAuthoritative'] });
    expect(disabledReason(secured, 'BasicAuth')?.text).toBe('Clear Externally Secured first: it can only be combined with TLS.');
    expect(disabledReason(choice({ groups: ['ExchangeServers'], authMechanism: ['Tls', 'Integrated'] }), 'ExternalAuthoritative')?.text).toBe(
      'Only Transport Layer Security (TLS) can go with it: clear "Integrated Windows authentication" first.',
    );
  });

  it('offers Basic only after TLS only when Basic and TLS are on', () => {
    expect(disabledReason(choice(), 'BasicAuthRequireTLS')?.text).toBe('Turn on Basic Authentication first.');
    expect(disabledReason(choice({ authMechanism: ['Tls', 'BasicAuth'] }), 'BasicAuthRequireTLS')).toBeNull();
  });

  it('clears the child option when its parent is turned off, and says why', () => {
    const { choice: next, cleared } = setOption(choice({ authMechanism: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS'] }), 'BasicAuth', false);
    expect(next.authMechanism).toEqual(['Tls']);
    expect(cleared.map((c) => c.option)).toEqual(['BasicAuthRequireTLS']);
    expect(cleared[0]!.because).not.toMatch(/clear that option/);
  });

  it('clears Externally Secured when Exchange servers is turned off', () => {
    const before = choice({ groups: ['ExchangeServers'], authMechanism: ['Tls', 'ExternalAuthoritative'] });
    const { choice: next, cleared } = applyChange(before, { ...before, groups: [] }, null);
    expect(next.authMechanism).toEqual(['Tls']);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]!.label).toBe('Externally Secured (for example, with IPsec)');
    // The notice says why it was cleared; it never asks to clear what is already cleared.
    expect(cleared[0]!.because).toBe('Externally Secured needs the Exchange servers permission group, which writes the rights of every Externally Secured session.');
  });
});
