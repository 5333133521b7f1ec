import process from 'node:process'
import { defineConfig } from '@playwright/test'
import { served } from './tests/e2e/fixtures'
import { chromiumArgs, findChromium } from './toolchain/chromium'
import { canvas } from './toolchain/deck/browser'

// The browser tests (tests/e2e): the two builds served as a host serves them, one recorded
// walk per colour scheme (a setup project each, the light one also in print), the checks
// that read those records, one pass under reduced motion, and the tests of presenting, the
// exports, the reading version and the public build. Two workers (the machine has two cores):
// the two walks run side by side, and then the reduced-motion pass beside the deck's tests,
// which run one file at a time. A walk waits for its settle rule at each click, never a fixed
// time, so sharing the machine slows it down without changing what it records.
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/playwright',
  workers: 2,
  timeout: 120_000,
  forbidOnly: !!process.env.CI,
  reporter: [
    [
      process.env.CI ? 'list' : 'line',
    ],
    [
      'json',
      { outputFile: 'test-results/playwright.json' },
    ],
  ],
  // Baselines only change on purpose: `npm run test:baselines:update`.
  updateSnapshots: process.env.CI ? 'none' : 'missing',
  snapshotPathTemplate: '{testDir}/baselines/{projectName}/{arg}{ext}',
  expect: {
    // A pixel differs when its colour moved more than anti-aliasing of the same text does;
    // 0.05 % of the canvas (about 270 pixels) is less than one changed word of body text.
    toMatchSnapshot: { threshold: 0.2, maxDiffPixelRatio: 0.0005 },
  },
  use: {
    browserName: 'chromium',
    viewport: canvas,
    deviceScaleFactor: 1,
    launchOptions: { executablePath: findChromium()?.path, args: chromiumArgs },
  },
  webServer: {
    command: 'npx tsx tests/e2e/serve.ts',
    url: served.notes.url,
    // Building the decks comes first when the cached builds are stale.
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
  },
  projects: [
    {
      name: 'walk light',
      testMatch: 'walk.setup.ts',
      use: { colorScheme: 'light', baseURL: served.notes.url },
    },
    {
      name: 'walk dark',
      testMatch: 'walk.setup.ts',
      use: { colorScheme: 'dark', baseURL: served.public.url },
    },
    {
      name: 'light',
      testMatch: 'walked.spec.ts',
      dependencies: ['walk light'],
      use: { colorScheme: 'light' },
    },
    {
      name: 'dark',
      testMatch: 'walked.spec.ts',
      dependencies: ['walk dark'],
      use: { colorScheme: 'dark' },
    },
    {
      name: 'reduced motion',
      testMatch: 'reduced-motion.spec.ts',
      dependencies: ['walk light'],
      use: { reducedMotion: 'reduce', baseURL: served.notes.url },
      // Each click is compared with the light walk's settled picture of it.
      snapshotPathTemplate: 'test-results/walk/light/{arg}{ext}',
    },
    {
      name: 'deck',
      testMatch: '*.spec.ts',
      testIgnore: /walked|reduced-motion/,
      dependencies: ['walk light', 'walk dark'],
      // One file at a time: the export and the builds are browsers and Vite servers of their own.
      workers: 1,
      use: { baseURL: served.notes.url },
    },
  ],
})
