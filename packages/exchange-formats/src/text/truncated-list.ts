/**
 * `Format-List` and `Format-Table` print at most `$FormatEnumerationLimit` items of a list and end it with `...}`
 * (4 items by default, 16 in the 2010+ Exchange shell); web copies may turn the dots into `…`. Such a list is never
 * complete, so whatever reads it must say so.
 */
export function isCutShort(value: string): boolean {
  return /(\.\.\.|…)\}?$/.test(value.trim());
}

export const FORMAT_ENUMERATION_FIX =
  'In the Exchange Management Shell run `$global:FormatEnumerationLimit = -1`, then export again with `Get-ReceiveConnector | Format-List * | Out-File connectors.txt -Width 4096` — or upload the CliXML files the console\'s collector writes instead.';
