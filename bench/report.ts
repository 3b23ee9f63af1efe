import { pathToFileURL } from 'node:url';

/** One figure per line, `BENCH <name> <value> <unit>`, as the issues ask. */
export function report(name: string, value: string | number, unit: string): void {
  console.log(`BENCH ${name} ${value} ${unit}`);
}

/** Mean microseconds per call after a warm-up of a tenth of the iterations. */
export function timePerOp(fn: () => void, iterations: number): number {
  for (let i = 0; i < Math.max(100, iterations / 10); i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1000 / iterations;
}

export const isMain = (url: string): boolean => process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;

/** Polls `url` until it answers 2xx (a server starting up), for at most a minute. */
export async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer`);
}
