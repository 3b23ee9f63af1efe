import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // A small scrypt cost keeps the suite fast; production refuses anything below OWASP's parameters.
    env: { SCRYPT_COST_LOG2: process.env.SCRYPT_COST_LOG2 ?? '10' },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
