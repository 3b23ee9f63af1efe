/**
 * PowerShell's serializer writes control characters (CR, LF …), surrogates and a literal `_x` as `_xHHHH_` escapes
 * ([MS-PSRP] 2.2.5.3.2 "Encoding Strings",
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-psrp/301404a9-232f-439c-8644-1a213675bfac):
 * a banner with a line break arrives as `…_x000D__x000A_…`. Property names (`N`) are encoded the same way.
 */
export function decodeCliXmlString(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
