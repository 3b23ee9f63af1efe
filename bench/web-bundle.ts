/**
 * Initial JavaScript of the console (issue 4 budget ≤ 200 kB gzip): what the browser must fetch for the sign-in
 * page and the connector list — the entry script and every chunk index.html preloads. The wizard and the
 * property pages are lazy chunks and are not counted.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isMain, report } from './report.ts';

const WEB = new URL('../apps/web/', import.meta.url).pathname;

export function benchWebBundle(): void {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: WEB, stdio: 'inherit' });
  const dist = join(WEB, 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]!);
  const files = [...new Set(scripts)];
  const gzipBytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f.replace(/^\//, ''))), { level: 9 }).length, 0);
  report('web.initial_js_gzip_kb', (gzipBytes / 1024).toFixed(1), 'kB');
  report('web.initial_js_files', files.length, 'files');
}

if (isMain(import.meta.url)) benchWebBundle();
