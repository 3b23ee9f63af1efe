import { describe, expect, it } from 'vitest';
import { checkFreeText, checkName, nameKey } from './text.ts';

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
    ['a\r\nb', 'must be one line: remove the line break at character 2'],
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

describe('free text', () => {
  it.each([
    ['220 mail.contoso.com\r\n250 forged', 'one', 'must be one line'],
    ['a\u0000b', 'many', 'U+0000'],
    ['line one\rline two', 'many', 'must be one line'],
    ['bell\u0007', 'many', 'U+0007'],
    ['x\u2066y', 'many', 'U+2066'],
  ] as const)('refuses %j as %s-line text', (text, lines, reason) => {
    expect(checkFreeText(text, 'The text', 100, lines)).toContain(reason);
  });

  it('allows LF and CRLF line breaks only in multi-line text', () => {
    expect(checkFreeText('Owner: messaging\r\nTicket 42\nDone', 'The comment', 100, 'many')).toBeNull();
    expect(checkFreeText('Owner: messaging\nTicket 42', 'The banner', 100)).toContain('one line');
  });

  it('bounds the length', () => {
    expect(checkFreeText('x'.repeat(101), 'The comment', 100, 'many')).toContain('at most 100');
  });
});
