import { defineConfig } from 'vitest/config';

// Property tests run thousands of cases; on a busy 2-core CI machine the default 5 s is too tight.
export default defineConfig({ test: { testTimeout: 60_000 } });
