/**
 * `Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector` → `ReceiveConnector`.
 * Matching on the last segment ignores the `Deserialized.` and `Selected.` prefixes PowerShell adds after remoting,
 * `Import-Clixml` or `Select-Object`, and the namespace moves between Exchange versions. Generic arguments
 * (`MultiValuedProperty`1[[…, Version=15.0.0.0 …]]`) are cut first because they contain dots of their own.
 */
export function shortTypeName(fullName: string): string {
  const withoutGenericArguments = fullName.split('[')[0]!.split('`')[0]!;
  const segments = withoutGenericArguments.split('.');
  return segments[segments.length - 1]!.trim();
}
