import { UnreadableFileError } from '../shell-object.ts';

/**
 * Turns an upload into text. Windows PowerShell's `Export-Clixml` writes UTF-16 LE by default and CSS-Exchange's
 * captures are UTF-8 with a BOM, so the byte-order mark decides; without one the bytes are read as UTF-8.
 */
export function decodeInput(input: string | Buffer, file: string, maxBytes: number): string {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  if (size > maxBytes) {
    throw new UnreadableFileError(
      file,
      `${file} is ${formatMegabytes(size)}, over the ${formatMegabytes(maxBytes)} limit for one file.`,
      'Export the connectors of one server at a time (Get-ReceiveConnector -Server <name> | Export-Clixml …) and upload the files separately.',
    );
  }
  const text = typeof input === 'string' ? input : decodeBytes(input);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function decodeBytes(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB (${bytes.toLocaleString('en-US')} bytes)`;
}
