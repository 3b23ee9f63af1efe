import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { StepRail } from './StepRail.tsx';

const steps = [
  { id: 'a', title: 'Introduction' },
  { id: 'b', title: 'Local network settings' },
  { id: 'c', title: 'Remote network settings' },
];

describe('StepRail', () => {
  it('marks the current step and locks the steps not reached yet', () => {
    const onSelect = vi.fn();
    render(<StepRail steps={steps} current={1} reachable={1} onSelect={onSelect} />);
    const current = screen.getByRole('button', { name: /Local network settings/ });
    expect(current.getAttribute('aria-current')).toBe('step');
    const locked = screen.getByRole<HTMLButtonElement>('button', { name: /Remote network settings\s*\(locked\)/ });
    expect(locked.disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: /Introduction/ }));
    expect(onSelect).toHaveBeenCalledWith(0);
  });
});
