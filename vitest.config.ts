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
    // One test file at a time: the machine has two cores, and the recorders and the ETL
    // job must not compete with each other for them.
    fileParallelism: false,
    maxWorkers: 1,
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
    ],
  },
})
