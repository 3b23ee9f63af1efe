import { describe, expect, it } from 'vitest';
import { readEmsScript } from '../ems/read-ems-script.ts';
import { COLLECTOR_FILES, collectorScript } from './collector-script.ts';

/**
 * What Windows PowerShell 1.0 (the Exchange 2007 shell) lacks, with the version that brought it and where that is
 * documented. Full-line `#` comments are not checked, so the script may name a construct when it explains itself.
 */
const NEWER_THAN_POWERSHELL_1: { construct: string; pattern: RegExp; version: string; source: string }[] = [
  // about_Join / about_Split: "Applies to: Windows PowerShell 2.0, 3.0, 4.0" (previous-versions hh847757, hh847811).
  { construct: '-join', pattern: /(?<![\w-])-join\b/i, version: '2.0', source: 'about_Join' },
  { construct: '-split', pattern: /(?<![\w-])-split\b/i, version: '2.0', source: 'about_Split' },
  // about_Try_Catch_Finally first ships with 2.0; 1.0 has only trap (about_Trap).
  { construct: 'try', pattern: /(?<![\w-])try\s*\{/i, version: '2.0', source: 'about_Try_Catch_Finally' },
  { construct: 'catch', pattern: /\}\s*catch\b/i, version: '2.0', source: 'about_Try_Catch_Finally' },
  { construct: 'finally', pattern: /(?<![\w-])finally\s*\{/i, version: '2.0', source: 'about_Try_Catch_Finally' },
  // Advanced functions (about_Functions_Advanced, about_Functions_CmdletBindingAttribute) are 2.0.
  { construct: '[Parameter(', pattern: /\[Parameter\s*\(/i, version: '2.0', source: 'about_Functions_Advanced_Parameters' },
  { construct: '[CmdletBinding', pattern: /\[CmdletBinding\b/i, version: '2.0', source: 'about_Functions_CmdletBindingAttribute' },
  // Block comments are 2.0 (about_Comments: "Beginning in Windows PowerShell 2.0, you can use block comments").
  { construct: '<# … #>', pattern: /<#/, version: '2.0', source: 'about_Comments' },
  // 2.0 cmdlets and parameters (New-Object -Property, Export-Csv -Delimiter/-UseCulture, ConvertTo-Xml, remoting).
  { construct: 'New-Object PSObject -Property', pattern: /New-Object\b[^\n]*-Property\b/i, version: '2.0', source: 'New-Object (2.0 help)' },
  { construct: '-Delimiter', pattern: /(?<![\w-])-Delimiter\b/i, version: '2.0', source: 'Export-Csv / Import-Csv (2.0 help)' },
  { construct: '-UseCulture', pattern: /(?<![\w-])-UseCulture\b/i, version: '2.0', source: 'Export-Csv / Import-Csv (2.0 help)' },
  { construct: 'ConvertTo-Xml', pattern: /\bConvertTo-Xml\b/i, version: '2.0', source: 'ConvertTo-Xml (2.0 help)' },
  { construct: 'Invoke-Command', pattern: /\bInvoke-Command\b/i, version: '2.0', source: 'about_Remote (2.0)' },
  { construct: '$PSVersionTable', pattern: /\$PSVersionTable\b/i, version: '2.0', source: 'about_Automatic_Variables (2.0)' },
  // "New V3 Language Features" (PowerShell team blog, 2012) and the 3.0 about_ pages.
  { construct: 'ConvertTo-Json', pattern: /\bConvertTo-Json\b/i, version: '3.0', source: 'ConvertTo-Json (3.0 help)' },
  { construct: 'ConvertFrom-Json', pattern: /\bConvertFrom-Json\b/i, version: '3.0', source: 'ConvertFrom-Json (3.0 help)' },
  { construct: '[pscustomobject]', pattern: /\[pscustomobject\]/i, version: '3.0', source: 'New V3 Language Features' },
  { construct: 'Export-Csv -Append', pattern: /Export-Csv\b[^\n|]*-Append\b/i, version: '3.0', source: 'Export-Csv (3.0 help)' },
  { construct: '-in / -notin', pattern: /(?<![\w-])-(not)?in\b/i, version: '3.0', source: 'about_Comparison_Operators (listed from the 3.0 page on)' },
  { construct: '-shl / -shr', pattern: /(?<![\w-])-sh[lr]\b/i, version: '3.0', source: 'about_Arithmetic_Operators (3.0)' },
  { construct: '$PSScriptRoot', pattern: /\$PSScriptRoot\b/i, version: '3.0 (2.0 in modules only)', source: 'about_Automatic_Variables' },
  { construct: '$PSItem', pattern: /\$PSItem\b/i, version: '3.0', source: 'about_Automatic_Variables (3.0)' },
  { construct: 'foreach -parallel', pattern: /\bforeach\s+-parallel\b/i, version: '3.0 (workflows)', source: 'about_Foreach-Parallel' },
  {
    construct: 'Where-Object Name -eq (simplified syntax)',
    pattern: /(?:\||^)\s*(?:Where-Object|where|\?|ForEach-Object|foreach|%)\s+(?![{(-])[\w.]+\s+-\w+/im,
    version: '3.0',
    source: 'Where-Object (3.0 help: "Starting in Windows PowerShell 3.0 … comparison statement")',
  },
  // Collection methods: PowerShell 4.0 (documented in MicrosoftDocs/PowerShell-Docs#2307).
  { construct: '.ForEach( / .Where(', pattern: /\.(ForEach|Where)\s*\(/i, version: '4.0', source: 'about_Arrays (4.0)' },
  // Classes and ::new() are PowerShell 5.0 (about_Classes).
  { construct: '::new(', pattern: /::new\s*\(/i, version: '5.0', source: 'about_Classes' },
];

/** The constructs from the table that a script uses, with the line of each. */
function newerConstructs(script: string): { construct: string; version: string; line: number }[] {
  return script.split(/\r?\n/).flatMap((text, i) =>
    /^\s*#/.test(text) ? [] : NEWER_THAN_POWERSHELL_1.filter(({ pattern }) => pattern.test(text)).map(({ construct, version }) => ({ construct, version, line: i + 1 })),
  );
}

describe('the PowerShell 1.0 checker', () => {
  it.each([
    ["$x = [string]::Join(';', @($a)) -join ','", '-join'],
    ["'a;b' -split ';'", '-split'],
    ['try { Get-X } catch { }', 'try'],
    ['[pscustomobject]@{ Name = 1 }', '[pscustomobject]'],
    ['New-Object PSObject -Property @{ a = 1 }', 'New-Object PSObject -Property'],
    ['param([Parameter(Mandatory=$true)] $x)', '[Parameter('],
    ['Get-X | Export-Csv a.csv -NoTypeInformation -Append', 'Export-Csv -Append'],
    ['Get-X | ConvertTo-Json', 'ConvertTo-Json'],
    ["if ('a' -in $list) { }", '-in / -notin'],
    ['Get-Service | Where-Object Name -eq "x"', 'Where-Object Name -eq (simplified syntax)'],
    ['$a.ForEach({ $_ })', '.ForEach( / .Where('],
    ['[System.Text.StringBuilder]::new()', '::new('],
    ['<# block #>', '<# … #>'],
    ['Write-Host $PSScriptRoot', '$PSScriptRoot'],
  ])('refuses %s', (line, construct) => {
    expect(newerConstructs(`Get-Date\n${line}`).map((f) => f.construct)).toContain(construct);
    expect(newerConstructs(`Get-Date\n${line}`)[0]!.line).toBe(2);
  });

  it.each([
    "[string]::Join(';', @($a))",
    'Get-X | Where-Object { $_.Name -eq "x" }',
    "Add-ADPermission -InheritanceType 'All' -Identity x",
    'Join-Path $folder $name',
    '# a comment may say -join or try { }',
  ])('accepts PowerShell 1.0: %s', (line) => {
    expect(newerConstructs(line)).toEqual([]);
  });
});

describe('the collection script', () => {
  const script = collectorScript();

  it('uses nothing newer than PowerShell 1.0', () => {
    expect(newerConstructs(script)).toEqual([]);
  });

  it('is ASCII with CRLF line ends, so PowerShell 1.0 and old Notepad read it as written', () => {
    expect(script).toMatch(/^[\x00-\x7f]*$/);
    expect(script.split('\r\n').length).toBeGreaterThan(50);
    expect(script.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('exports each object set with Export-Clixml to its fixed file name, and the text copy whole and unwrapped', () => {
    for (const [file, command] of [
      ['ExchangeServer.xml', 'Get-ExchangeServer'],
      ['AcceptedDomain.xml', 'Get-AcceptedDomain'],
      ['TransportConfig.xml', 'Get-TransportConfig'],
      ['ReceiveConnector.xml', 'Get-ReceiveConnector'],
      ['ReceiveConnectorPermission.xml', 'Get-ReceiveConnector | Get-ADPermission'],
      ['Group.xml', '$groups'],
    ])
      expect(script).toContain(`Save-Clixml '${file}' { ${command} }`);
    expect(script).toContain('Export-Clixml -Path $path');
    expect(script).toContain('$global:FormatEnumerationLimit = 100000');
    expect(script).toMatch(/Format-List \* \| Out-File -FilePath \$textPath -Width 4096/);
    expect(script).toContain("Join-Path $folder 'ReceiveConnector.txt'");
    for (const file of COLLECTOR_FILES) expect(script).toContain(file);
  });

  it('keeps going after a failed step (a trap that continues) and looks groups up without stopping on a miss', () => {
    expect(script).toMatch(/^trap \{\r\n[^}]*\r\n {4}continue\r\n\}/m);
    expect(script).toContain('Get-Group -Identity $name -ErrorAction SilentlyContinue');
  });

  it('the EMS reader reads it without a syntax error, refusing only the constructs it does not evaluate', () => {
    const { commands, problems } = readEmsScript(script, 'Collect-ConnectorConsole.ps1');
    expect(problems.filter((p) => p.message.startsWith('Syntax error'))).toEqual([]);
    const notEvaluated = /variables are not evaluated|is a PowerShell statement|script blocks|expressions in parentheses|more than one pipe/;
    for (const p of problems) expect(p.message).toMatch(notEvaluated);
    // Every statement but the last Write-Host uses a variable, a script block or a statement keyword.
    expect(commands.map((c) => [c.cmdlet, c.positional])).toEqual([['Write-Host', ['']]]);
    expect(problems.length).toBeGreaterThan(20);
  });
});
