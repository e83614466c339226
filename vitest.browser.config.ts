import { defineConfig } from 'vitest/config';

// Real-browser tests: the built extension in Debian's Chromium and Firefox ESR against the local
// instagram.com. One file at a time (2-core machines; Firefox needs port 443).
export default defineConfig({
  test: {
    // The mock's own self-check runs here too: browser tests are only as good as their instagram.com.
    include: ['tests/browser/**/*.test.ts', 'tests/mock-instagram/**/*.test.ts'],
    fileParallelism: false,
    // Full names ("chromium > …", "firefox > …") so the log shows which browser ran what.
    reporters: ['verbose'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
