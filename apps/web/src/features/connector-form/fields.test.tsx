import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { AuthenticationField } from './AuthenticationField.tsx';
import { RemoteRangesEditor } from './RemoteRangesEditor.tsx';

/** The text of the elements named by aria-describedby, as a screen reader announces it. */
const description = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

describe('AuthenticationField', () => {
  it('keeps Externally Secured unavailable but focusable, with only the way forward next to it, until Exchange servers is on', () => {
    const onChange = vi.fn();
    const { rerender } = render(
      <AuthenticationField idPrefix="a" choice={{ authMechanism: ['Tls'], domainSecureEnabled: false, requireTLS: false, groups: [] }} onChange={onChange} />,
    );
    const secured = screen.getByLabelText<HTMLInputElement>('Externally Secured (for example, with IPsec)');
    expect(secured.disabled).toBe(false);
    expect(secured.getAttribute('aria-disabled')).toBe('true');
    secured.focus();
    expect(document.activeElement).toBe(secured);
    expect(description(secured)).toMatch(/Turn on the Exchange servers permission group first/);
    expect(description(secured)).not.toMatch(/clear Externally Secured/);
    fireEvent.click(secured);
    expect(onChange).not.toHaveBeenCalled();

    rerender(
      <AuthenticationField
        idPrefix="a"
        choice={{ authMechanism: ['Tls'], domainSecureEnabled: false, requireTLS: false, groups: ['ExchangeServers'] }}
        onChange={onChange}
      />,
    );
    fireEvent.click(screen.getByLabelText('Externally Secured (for example, with IPsec)'));
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ authMechanism: ['Tls', 'ExternalAuthoritative'] }), []);
  });
});

describe('RemoteRangesEditor', () => {
  it('parses each range as typed: canonical form and count, or the precise error', () => {
    render(<RemoteRangesEditor idPrefix="r" values={['10.0.0.0/24', '10.0.0.5x']} onChange={() => undefined} />);
    expect(screen.getByText(/256 addresses/).textContent).toMatch('10.0.0.0/24');
    expect(screen.getByLabelText('Remote IP address range 2').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('range-error').textContent).toMatch('hexadecimal notation');
  });

  it('warns prominently when the scope is all of IPv4', () => {
    render(<RemoteRangesEditor idPrefix="r" values={['0.0.0.0-255.255.255.255']} onChange={() => undefined} />);
    expect(screen.getByTestId('scope-warning').textContent).toMatch('every IPv4 address');
  });

  it('keeps the other rows when one is removed', () => {
    const onChange = vi.fn();
    render(<RemoteRangesEditor idPrefix="r" values={['10.0.0.50', 'bad', '10.0.0.52']} onChange={onChange} />);
    fireEvent.click(screen.getByRole('button', { name: /Remove\s*range 2 \(bad\)/ }));
    expect(onChange).toHaveBeenCalledWith(['10.0.0.50', '10.0.0.52']);
  });
});
