import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

// Three kinds of test, one runner:
// - unit: Vue components mounted without Slidev (happy-dom), and pure logic; no browser
// - snippets: the project's Python (.venv), rustc and cargo on every sample shown on a slide
// - e2e: everything that needs an installed Chromium: the built deck in it, the real
//   `slidev export`, finding the browser
export default defineConfig({
  plugins: [
    vue(),
  ],
  test: {
    // One test file at a time across all projects: the machine has two cores, and the
    // thread-overlap and timing recordings must not compete with a build or a browser.
    fileParallelism: false,
    maxWorkers: 1,
    reporters: ['default', './tests/closing-line-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          name: 'snippets',
          include: ['tests/snippets/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 900_000,
          // One Chromium and one build at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
})
