import { describe, expect, it } from 'vitest';
import { checkName, nameKey } from './text.ts';

/** The names rows of quality doc §3.5: accepted as typed, or refused with a reason that says what to fix. */
describe('connector names (quality doc §3.5)', () => {
  it.each([
    ['Default SRV01'],
    ['x\'; DROP TABLE connector;--'],
    ['<img src=x onerror=alert(1)>'],
    ['=cmd|\' /C calc\'!A0'],
    ['Cost $(Remove-Item C:/ -Recurse)'],
    ['a'.repeat(64)],
    ['😀'.repeat(32)],
  ])('accepts %s', (name) => {
    expect(checkName(name)).toBeNull();
  });

  it.each([
    ['', 'is required'],
    ['a'.repeat(65), 'at most 64'],
    ['😀'.repeat(64), 'at most 64'],
    ['a\u0000b', 'control character U+0000'],
    ['a\r\nb', 'control character U+000D'],
    ['tab\there', 'control character U+0009'],
    ['abc\u202Etxt.exe', 'U+202E'],
    ['zero\u200Bwidth', 'U+200B'],
    ['bom\uFEFF', 'U+FEFF'],
    ['bad\uFFFDbyte', 'U+FFFD'],
    ['\ud800', 'lone surrogate'],
    [' leading', 'space'],
    ['trailing ', 'space'],
    ['HUB01\\Relay', 'backslash'],
  ])('refuses %j', (name, reason) => {
    expect(checkName(name)).toContain(reason);
  });

  it('compares names ignoring case and normalisation form', () => {
    expect(nameKey('Default')).toBe(nameKey('default'));
    expect(nameKey('Caf\u00e9')).toBe(nameKey('Cafe\u0301'));
  });
});
