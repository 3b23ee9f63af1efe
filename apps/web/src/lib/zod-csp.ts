import { config } from 'zod/v4/core';

/**
 * Zod 4 compiles object parsers with `new Function`, after probing whether eval is allowed; under the console's
 * CSP (script-src 'self', no 'unsafe-eval') the probe is refused and reported as a violation on every page.
 * Jitless mode skips both. Imported first by main.tsx, before any schema parses.
 */
config({ jitless: true });
