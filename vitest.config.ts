import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

// Two kinds of test without a browser (the browser tests are Playwright's: playwright.config.ts):
// - unit: Vue components mounted without Slidev (happy-dom), and pure logic
// - snippets: the project's Python (.venv), rustc and cargo on every sample shown on a slide
export default defineConfig({
  plugins: [
    vue(),
  ],
  test: {
    // The JSON report is what .ci/run adds up with Playwright's into the closing line.
    reporters: [
      'default',
      [
        'json',
        { outputFile: 'test-results/vitest.json' },
      ],
    ],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'happy-dom',
          // Two files at a time, one a core: a unit file's time is mostly setting up happy-dom and importing.
          maxWorkers: 2,
          // First, so no unit file runs beside a snippet test.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'snippets',
          include: ['tests/snippets/**/*.test.ts'],
          environment: 'node',
          // One file at a time: the recorders and the ETL job must not compete for the two cores.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
})
