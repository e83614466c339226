import { defineConfig } from 'vitest/config';

// Self-check of the local instagram.com in Debian Chromium (no extension). Run from the repo root:
//   npx vitest run --config tests/mock-instagram/vitest.config.ts
export default defineConfig({
  test: {
    include: ['tests/mock-instagram/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
