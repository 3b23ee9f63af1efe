import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../plugins/errors.ts';

/** Per upload: Exchange's default log directory cap is 250 MB, so a whole directory fits once inflated. */
export const LOG_LIMITS = { fileBytes: 256 * 1024 * 1024, files: 500, inflatedBytes: 300 * 1024 * 1024 };

const isGzip = (chunk: Buffer | undefined) => chunk !== undefined && chunk[0] === 0x1f && chunk[1] === 0x8b;

/**
 * The text of one uploaded file, chunk by chunk: gzip is inflated on the fly (recognised by its magic bytes) and
 * decoded as UTF-8 with replacement, never failing on a stray byte. The inflated size counts against the upload's
 * budget, so a gzip bomb stops with a 413 naming the file instead of filling memory.
 */
export async function* logText(name: string, source: AsyncIterable<Buffer>, budget: { inflated: number }): AsyncGenerator<string> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  const raw = Readable.from(
    (async function* () {
      if (!first.done) yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    })(),
  );
  const gzip = isGzip(first.done ? undefined : first.value);
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  if (gzip) raw.on('error', (error) => stream.destroy(error));
  const decoder = new TextDecoder('utf-8', { fatal: false });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      budget.inflated += chunk.byteLength;
      if (budget.inflated > LOG_LIMITS.inflatedBytes) {
        stream.destroy();
        throw new AppError(
          413,
          'PAYLOAD_TOO_LARGE',
          `${name}: the upload inflates to more than ${LOG_LIMITS.inflatedBytes / 1024 / 1024} MB of text (a compressed file that expands without end?). Upload fewer files at a time.`,
        );
      }
      yield decoder.decode(chunk, { stream: true });
    }
  } catch (error) {
    if (error instanceof AppError || (error as { code?: string }).code?.startsWith('FST_')) throw error;
    if (gzip) throw new AppError(422, 'RULE_VIOLATION', `${name}: the gzip data is damaged (${(error as Error).message}); compress the log again or upload it uncompressed.`);
    throw error;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}
