/**
 * Splits pasted or uploaded shell text into lines: without the byte-order mark `Out-File` writes, for CRLF, LF
 * or CR endings, and without trailing blanks (`Out-File` pads some lines to the window width). [UNVERIFIED] a space
 * that fell exactly at a wrap point is lost with the padding; list items and flags are re-split by the mapper anyway.
 */
export function splitLines(text: string): string[] {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.split(/\r\n|\n|\r/).map((line) => line.trimEnd());
}

/** The prompt line people paste above the output (`[PS] C:\Windows\system32>Get-ReceiveConnector | fl`). */
export function isShellPrompt(line: string): boolean {
  return /^(\[PS\] |PS )?[A-Za-z]:\\[^>]*>/.test(line);
}
