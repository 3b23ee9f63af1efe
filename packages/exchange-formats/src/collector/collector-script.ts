/**
 * The script an admin runs in the Exchange Management Shell to collect what the console imports
 * (config-exports.md §1, §9). Exchange 2007's shell is Windows PowerShell 1.0, so the script uses nothing newer:
 * `trap` instead of try/catch, `Export-Clixml` instead of JSON, `-f` and `+` instead of `-join`. It is pure ASCII
 * with CRLF line ends, because PowerShell 1.0 reads a file without a byte-order mark in the ANSI code page and the
 * Notepad of Windows Server 2003 shows LF-only files as one line.
 */

export const COLLECTOR_FILES = [
  'ExchangeServer.xml',
  'AcceptedDomain.xml',
  'TransportConfig.xml',
  'ReceiveConnector.xml',
  'ReceiveConnectorPermission.xml',
  'Group.xml',
  'ReceiveConnector.txt',
] as const;

const SCRIPT = String.raw`# Connector Console - configuration collector for Exchange Server 2007 and later
#
# Reads (and never changes) the Exchange configuration that Connector Console imports, and writes it
# to a new folder named ConnectorConsole-<date>-<time> in the current folder:
#   ExchangeServer.xml              Get-ExchangeServer
#   AcceptedDomain.xml              Get-AcceptedDomain
#   TransportConfig.xml             Get-TransportConfig
#   ReceiveConnector.xml            Get-ReceiveConnector
#   ReceiveConnectorPermission.xml  Get-ReceiveConnector | Get-ADPermission (explicit and inherited entries)
#   Group.xml                       the groups named in those entries and the groups inside them (Get-Group)
#   ReceiveConnector.txt            Get-ReceiveConnector | Format-List *, a copy to read without the console
#
# Run it in the Exchange Management Shell on an Exchange server, from a folder you can write to:
#   .\Collect-ConnectorConsole.ps1
# then upload the .xml files on the Import page of Connector Console.
# If the shell refuses to run a downloaded script, open the file's Properties, click Unblock, and run it again.
#
# Written for Windows PowerShell 1.0 (the Exchange 2007 shell); later shells run it unchanged.

# A step that fails (a cmdlet this Exchange version lacks, a missing permission) is reported, and the
# remaining steps still run: the trap catches the failure and carries on with the next statement.
trap {
    Write-Warning ('Step ' + $script:step + ' failed: ' + $_.Exception.Message)
    continue
}

$script:step = 'creating the folder'
$folder = Join-Path (Get-Location).Path ('ConnectorConsole-' + (Get-Date -Format 'yyyyMMdd-HHmmss'))
New-Item -ItemType Directory -Path $folder | Out-Null
Write-Host ('Writing to ' + $folder)

# Runs one command, writes what it returns to a CliXML file (every property, lists whole, enums with their
# numbers) and says how many objects it wrote. The objects stay in $script:saved for the next step.
function Save-Clixml([string]$fileName, [scriptblock]$command) {
    $script:step = $fileName
    $script:saved = @()
    $objects = @(& $command)
    $path = Join-Path $folder $fileName
    $objects | Export-Clixml -Path $path
    Write-Host ('{0,6} objects  {1}' -f $objects.Count, $path)
    $script:saved = $objects
}

Save-Clixml 'ExchangeServer.xml' { Get-ExchangeServer }
Save-Clixml 'AcceptedDomain.xml' { Get-AcceptedDomain }
Save-Clixml 'TransportConfig.xml' { Get-TransportConfig }
Save-Clixml 'ReceiveConnector.xml' { Get-ReceiveConnector }

# Without -User, Get-ADPermission returns every entry: those set on the connector and those it inherits
# from the server, both of which decide who may relay.
Save-Clixml 'ReceiveConnectorPermission.xml' { Get-ReceiveConnector | Get-ADPermission }
$permissions = $script:saved

# The groups those entries name, then the groups inside those groups, each with its members.
# Get-Group lists security and distribution groups alike (Get-DistributionGroupMember only mail-enabled
# ones). A name that is not a group (a user, a computer, NT AUTHORITY\..., MS Exchange\...) is skipped quietly.
$script:step = 'Group.xml'
$groups = @()
$queued = @{}
$found = @{}
$pending = New-Object System.Collections.ArrayList
foreach ($entry in $permissions) {
    $name = [string]$entry.User
    if ($name -and -not $queued.ContainsKey($name) -and $name -notlike 'NT AUTHORITY\*' -and $name -notlike 'MS Exchange\*') {
        $queued[$name] = $true
        [void]$pending.Add($name)
    }
}
while ($pending.Count -gt 0) {
    $name = $pending[0]
    $pending.RemoveAt(0)
    foreach ($group in @(Get-Group -Identity $name -ErrorAction SilentlyContinue)) {
        $distinguishedName = [string]$group.DistinguishedName
        if (-not $found.ContainsKey($distinguishedName)) {
            $found[$distinguishedName] = $true
            $groups += $group
            foreach ($member in $group.Members) {
                $memberName = [string]$member.DistinguishedName
                if ($memberName -and -not $queued.ContainsKey($memberName)) {
                    $queued[$memberName] = $true
                    [void]$pending.Add($memberName)
                }
            }
        }
    }
}
Save-Clixml 'Group.xml' { $groups }

# A text copy to read without the console. The shell cuts lists after $FormatEnumerationLimit items
# (4 by default) and wraps long values at the window width; a high limit and a wide file prevent both.
$script:step = 'ReceiveConnector.txt'
$enumerationLimit = $global:FormatEnumerationLimit
$global:FormatEnumerationLimit = 100000
$textPath = Join-Path $folder 'ReceiveConnector.txt'
Get-ReceiveConnector | Format-List * | Out-File -FilePath $textPath -Width 4096 -Encoding UTF8
$global:FormatEnumerationLimit = $enumerationLimit
Write-Host ('  text copy     ' + $textPath)

Write-Host ''
Write-Host ('Done. Upload the .xml files in ' + $folder + ' on the Import page of Connector Console.')
`;

/** The collection script, ready to save as a .ps1 file. */
export function collectorScript(): string {
  return SCRIPT.replace(/\r?\n/g, '\r\n');
}
