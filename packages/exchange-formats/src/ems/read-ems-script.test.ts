import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EmsCommand } from '../ems-command.ts';
import { readEmsScript } from './read-ems-script.ts';

const read = (text: string) => readEmsScript(text, 'pasted.ps1');
const only = (text: string): EmsCommand => {
  const { commands, problems } = read(text);
  expect(problems).toEqual([]);
  expect(commands).toHaveLength(1);
  return commands[0]!;
};
const params = (c: EmsCommand) => Object.fromEntries(c.parameters);
const problemLines = (text: string) => read(text).problems.map((p) => [p.source.line, p.message]);

describe('commands and separators', () => {
  it('reads commands separated by line breaks and semicolons, with the line each starts on', () => {
    const { commands, problems } = read("Get-ReceiveConnector\r\n\r\nSet-ReceiveConnector 'A' -Enabled $false; Remove-ReceiveConnector 'B'\nGet-AcceptedDomain");
    expect(problems).toEqual([]);
    expect(commands.map((c) => [c.line, c.cmdlet])).toEqual([
      [1, 'Get-ReceiveConnector'],
      [3, 'Set-ReceiveConnector'],
      [3, 'Remove-ReceiveConnector'],
      [4, 'Get-AcceptedDomain'],
    ]);
    expect(commands[2]!.text).toBe("Remove-ReceiveConnector 'B'");
  });

  it('skips # comments and <# … #> block comments, also between parameters', () => {
    const c = only("# a note\n<# several\nlines #>\nSet-ReceiveConnector <# inline #> 'A' -Banner '220 # not a comment' # trailing\n");
    expect(c.line).toBe(4);
    expect(c.positional).toEqual(['A']);
    expect(params(c)).toEqual({ Banner: '220 # not a comment' });
  });

  it('reads a byte-order mark and non-breaking spaces (pasted from a web page) as blanks', () => {
    expect(params(only('\ufeffSet-X\u00a0-Name\u00a0Relay'))).toEqual({ Name: 'Relay' });
  });

  it('keeps a # inside a bare word', () => {
    expect(only('Set-X -Comment a#b').parameters.get('Comment')).toBe('a#b');
  });

  it('joins continuation lines (trailing backtick) into one command on its first line', () => {
    const c = only("\nNew-ReceiveConnector -Name 'Relay' `\n    -Usage Custom `\n    -Bindings 0.0.0.0:25 `\r\n    -RemoteIPRanges 10.0.0.50");
    expect(c.line).toBe(2);
    expect(c.text).toBe("New-ReceiveConnector -Name 'Relay' -Usage Custom -Bindings 0.0.0.0:25 -RemoteIPRanges 10.0.0.50");
    expect(params(c)).toEqual({ Name: 'Relay', Usage: 'Custom', Bindings: '0.0.0.0:25', RemoteIPRanges: '10.0.0.50' });
  });

  it('refuses a backtick followed by spaces at a line end, where PowerShell ends the command', () => {
    const { commands, problems } = read("New-ReceiveConnector -Name 'Relay' ` \n  -Usage Custom\nGet-ReceiveConnector");
    expect(problems).toMatchObject([{ severity: 'error', source: { line: 1 }, fix: expect.stringMatching(/Remove the spaces after the backtick/) }]);
    expect(commands.map((c) => c.cmdlet)).toEqual(['Get-ReceiveConnector']);
  });
});

describe('pipelines', () => {
  it('makes the left command the input of the right one, across a line break after |', () => {
    const c = only("Get-ReceiveConnector 'HUB01\\Relay' |\n  Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'");
    expect(c.cmdlet).toBe('Add-ADPermission');
    expect(c.line).toBe(1);
    expect(c.input).toMatchObject({ cmdlet: 'Get-ReceiveConnector', positional: ['HUB01\\Relay'], line: 1 });
    expect(c.text).toContain('Get-ReceiveConnector');
  });

  it('reports more than one pipe with its line, and keeps reading', () => {
    const { commands, problems } = read("Get-ReceiveConnector |\n Get-ADPermission | Format-Table User\nGet-AcceptedDomain");
    expect(problems).toMatchObject([{ source: { line: 2 }, message: expect.stringMatching(/more than one pipe/) }]);
    expect(commands.map((c) => c.cmdlet)).toEqual(['Get-AcceptedDomain']);
  });

  it.each([
    ['| Add-ADPermission -User x', 1, /no command before it/],
    ['Get-ReceiveConnector |', 1, /no command after it/],
    ['Get-ReceiveConnector | ; Get-X', 1, /no command after it/],
  ])('a stray pipe is a syntax error: %s', (text, line, message) => {
    expect(read(text).problems).toMatchObject([{ severity: 'error', source: { line }, message: expect.stringMatching(message) }]);
  });
});

describe('parameters', () => {
  it('reads -Name value, -Name:value, switches and $true/$false/$null', () => {
    const c = only("Remove-ADPermission -Identity:'HUB01\\Relay' -User x -Deny -Confirm:$false -Force -WhatIf:$true -Banner $null -RequireTLS $TRUE");
    expect(params(c)).toEqual({ Identity: 'HUB01\\Relay', User: 'x', Deny: true, Confirm: false, Force: true, WhatIf: true, Banner: null, RequireTLS: true });
  });

  it('takes a switch as true when the next word is another parameter or the end', () => {
    expect(params(only('Remove-ADPermission -Deny -User x -Custom'))).toEqual({ Deny: true, User: 'x', Custom: true });
    expect(params(only('Set-X -Unknown -Other 1'))).toEqual({ Unknown: true, Other: '1' });
  });

  it('keeps names and cmdlets as written (any case), and reads blog dashes (U+2013) as -', () => {
    const c = only('add-adpermission -IDENTITY a –user b —ExtendedRights c');
    expect(c.cmdlet).toBe('add-adpermission');
    expect(params(c)).toEqual({ IDENTITY: 'a', user: 'b', ExtendedRights: 'c' });
  });

  it('reads a negative number as a value, not a parameter', () => {
    expect(params(only('Set-X -MaxHopCount -1'))).toEqual({ MaxHopCount: '-1' });
  });

  it.each([
    ['Set-X -User a -user b', /-user is given twice/],
    ['Set-X -Confirm:', /has no value after the colon/],
    ['Set-X -RemoteIPRanges 10.0.0.1,', /a value is missing/],
  ])('%s is a syntax error', (text, message) => {
    expect(read(text).problems).toMatchObject([{ severity: 'error', source: { line: 1 }, message: expect.stringMatching(message) }]);
  });
});

describe('quoting', () => {
  it.each([
    ["'O''Brien'", "O'Brien"],
    ["‘smart ’’quoted’’’", 'smart ’quoted’'],
    ["'$(Remove-Item C:\\) `n \"x\"'", '$(Remove-Item C:\\) `n "x"'],
    ["'two\nlines'", 'two\nlines'],
    ['"tab`there `"q`" ``back `$5 ""dq"""', 'tab\there "q" `back $5 "dq"'],
    ['“smart double”', 'smart double'],
    ['"costs $ 5"', 'costs $ 5'],
    ['"`u{263A}"', '☺'],
    ["HUB01\\Relay", 'HUB01\\Relay'],
    ['10MB', '10MB'],
    ["pre'quoted part'post", 'prequoted partpost'],
    ['a`$b', 'a$b'],
  ])('%s reads as %j', (written, value) => {
    expect(only(`Set-X -Value ${written}`).parameters.get('Value')).toBe(value);
  });

  it('names the line of a quote that is never closed, and reads on from the next line', () => {
    const { commands, problems } = read("Get-A\nSet-X -Name 'Relay -Enabled $true\nGet-B");
    expect(problems).toMatchObject([{ severity: 'error', source: { line: 2 }, message: expect.stringMatching(/never closed/), fix: expect.stringMatching(/O''Brien/) }]);
    expect(commands.map((c) => c.cmdlet)).toEqual(['Get-A', 'Get-B']);
  });

  it.each(['"open', '“open', '<# open'])('%s never closed is a syntax error', (written) => {
    expect(read(`Set-X ${written}\nGet-Y`).problems).toMatchObject([{ source: { line: 1 }, message: expect.stringMatching(/^Syntax error on line 1/) }]);
  });
});

describe('variables are not evaluated', () => {
  it.each([
    ['Set-X -Identity $connector', '$connector'],
    ['Set-X -Banner "Hello $name"', '$name'],
    ['Set-X -Banner "at $(Get-Date)"', '$(Get-Date)'],
    ['Set-X -Banner ${weird name}', '${weird name}'],
    ['Set-X -Banner pre$suffix', '$suffix'],
    ['$c = Get-ReceiveConnector', '$c'],
    ['Set-X @splatted', '@splatted'],
  ])('%s → a problem naming %s and its line', (text, construct) => {
    const { commands, problems } = read(`Get-A\n${text}`);
    expect(commands.map((c) => c.cmdlet)).toEqual(['Get-A']);
    expect(problems).toMatchObject([{ severity: 'error', source: { line: 2 }, object: construct, message: expect.stringMatching(/variables are not evaluated; write the value/) }]);
  });

  it('names the continuation line where the variable is written', () => {
    expect(problemLines("Set-X -A 1 `\n  -B 2 `\n  -C $x")).toEqual([[3, expect.stringMatching(/\$x/)]]);
  });
});

describe('lists', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ["'a','b'", ['a', 'b']],
    ["'a', 'b' ,c", ['a', 'b', 'c']],
    ["'a',\n   'b'", ['a', 'b']],
    ['Tls,BasicAuth', ['Tls', 'BasicAuth']],
    ["@('a','b')", ['a', 'b']],
    ['@("a";"b")', ['a', 'b']],
    ["@(\n  'a'\n  'b', 25\n)", ['a', 'b', '25']],
    ['@()', []],
  ])('%s → %j', (written, list) => {
    expect(only(`Set-X -List ${written} -After 1`).parameters.get('List')).toEqual(list);
  });

  it.each([
    ["@(a, 'b')", /quote each value/i],
    ["@('a' 'b')", /no comma between/],
    ["@('a'", /never closed/],
    ['$true,$false', /lists are read as text/],
    ['Get-X name,permissiongroups', /must be a single text value/],
  ])('%s is a problem', (written, fixOrMessage) => {
    const [problem] = read(written.startsWith('Get-') ? written : `Set-X -List ${written}`).problems;
    expect(`${problem!.message} ${problem!.fix}`).toMatch(fixOrMessage);
  });

  it('refuses the @{Add=…; Remove=…} hashtable with the whole-list fix', () => {
    const { problems } = read("Set-ReceiveConnector 'HUB01\\Relay' -RemoteIPRanges @{Add='10.0.0.9'; Remove='10.0.0.8'}");
    expect(problems).toMatchObject([{ source: { line: 1 }, object: "@{Add='10.0.0.9'; Remove='10.0.0.8'}", fix: expect.stringMatching(/Write the whole list/) }]);
  });
});

describe('statements and expressions are reported once, with the line, and never swallow later commands', () => {
  it('a multi-line if block is one problem; the next command is read', () => {
    const { commands, problems } = read("Get-A\nif ($x) {\n  Set-X -A 1\n} else {\n  Set-X -A 2\n}\nGet-B");
    expect(problems).toMatchObject([{ source: { line: 2 }, message: expect.stringMatching(/"if" is a PowerShell statement/) }]);
    expect(commands.map((c) => [c.line, c.cmdlet])).toEqual([
      [1, 'Get-A'],
      [7, 'Get-B'],
    ]);
  });

  it.each([
    ["Set-X -Identity ('CN=a,' + $dn)", /expressions in parentheses/],
    ['Get-X | ForEach-Object { $_.Name }', /script blocks/],
    ["[string]::Join(';', $a)", /is not a command/],
    ['Set-X -A 1)', /closes a bracket that was never opened/],
    ['}', /closes a bracket/],
  ])('%s', (text, message) => {
    const { commands, problems } = read(`${text}\nGet-B`);
    expect(problems).toMatchObject([{ source: { line: 1 }, message: expect.stringMatching(message) }]);
    expect(commands.map((c) => c.cmdlet)).toEqual(['Get-B']);
  });

  it('a bracket never closed resumes on the next line', () => {
    expect(read('Set-X -Identity (Get-Y\nGet-B').commands.map((c) => c.cmdlet)).toEqual(['Get-B']);
  });

  it('stops with a problem naming the line, instead of searching to the end again and again', () => {
    const { problems } = read('Set-X -Identity (Get-Y\n'.repeat(60_000));
    expect(problems.at(-1)).toMatchObject({ message: expect.stringMatching(/^Reading stopped at line \d+: brackets or quotes left open/) });
    expect(problems.length).toBeLessThan(200);
  });

  it('never throws, and every problem names a line inside the text', () => {
    const alphabet = fc.constantFrom(..."'‘’\"“$()@{}`#<>|;,-:\n\r \tSet-X a1".split(''), '-Name', 'Get-X', '$true', '<#', '#>');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: alphabet, maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 })), (text) => {
        const lines = text.split(/\r\n|\n|\r/).length;
        for (const p of read(text).problems) {
          expect(p.source.line).toBeGreaterThanOrEqual(1);
          expect(p.source.line).toBeLessThanOrEqual(lines);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
