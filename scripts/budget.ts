// `npm run budget`: what it costs to open this deck, next to Slidev's own starter deck built
// with the same Slidev in the same run. Prints figures; asserts nothing (the thresholds in
// budget.json are asserted by tests/e2e/budget.test.ts). Goals (issue 13), printed as
// ratios to the starter: first-slide bytes at most 0.9x, time to first slide at most 1.0x.
//   npm run budget                 this deck and the starter
//   npm run budget -- --no-starter this deck only
import type { ServedFile } from './lib/serve'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import { loadBudget } from './lib/budget'
import { buildDeck } from './lib/build-deck'
import { launchChromium } from './lib/chromium'
import { guardNetwork, noDnsArg } from './lib/network-guard'
import { repoRoot as projectRoot } from './lib/paths'
import { serveDist } from './lib/serve'

const { values } = parseArgs({
  options: {
    'no-starter': { type: 'boolean', default: false },
  },
})

const oneMegabyte = 1024 * 1024

function formatBytes(bytes: number): string {
  if (bytes >= oneMegabyte)
    return `${(bytes / oneMegabyte).toFixed(2)} MB`
  return `${(bytes / 1024).toFixed(1)} kB`
}

function directorySize(dir: string): { bytes: number, files: number } {
  let bytes = 0
  let files = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      bytes += statSync(join(entry.parentPath, entry.name)).size
      files++
    }
  }
  return { bytes, files }
}

const gzipSizes = new Map<string, number>()
/** What a host that compresses (Netlify, Vercel, GitHub Pages all gzip or better) would send. */
function gzippedBytes(served: ServedFile[]): number {
  return served.reduce((sum, entry) => {
    if (!entry.file || !entry.bytes)
      return sum + entry.bytes
    if (!gzipSizes.has(entry.file))
      gzipSizes.set(entry.file, gzipSync(readFileSync(entry.file)).length)
    return sum + gzipSizes.get(entry.file)!
  }, 0)
}

interface Snapshot {
  requests: number
  bytes: number
  gzipBytes: number
  leaving: number
}

interface Measurement {
  firstSlideMs: number
  /** JavaScript and CSS served until slide 1 showed (what budget.json's firstSlideJsCssBytes limits). */
  firstSlideJsCss: number
  /** Everything the first slide needed: until it showed and the network went quiet. */
  firstSlide: Snapshot
  /** Slidev preloads every other slide ~3 s after the first: the whole deck. */
  settled: Snapshot
  leavingHosts: Map<string, number>
  largest: ServedFile[]
  consoleErrors: number
}

async function measureFirstSlide(outDir: string): Promise<Measurement> {
  const server = await serveDist(outDir)
  const browser = await launchChromium({
    args: [noDnsArg],
  })
  try {
    const context = await browser.newContext({
      viewport: { width: 980, height: 552 },
    })
    const guard = await guardNetwork(context, server.origin)
    const page = await context.newPage()
    let consoleErrors = 0
    page.on('console', message => consoleErrors += message.type() === 'error'
      ? 1
      : 0)
    const snapshot = (): Snapshot => {
      const served = [...server.log]
      return {
        requests: served.length,
        bytes: served.reduce((sum, entry) => sum + entry.bytes, 0),
        gzipBytes: gzippedBytes(served),
        leaving: guard.leaving.length,
      }
    }

    server.resetLog()
    await page.goto(`${server.url}#/1`, { waitUntil: 'commit' })
    // Time from navigation start until slide 1's content is on screen with its fonts.
    const firstSlideMs = await page.waitForFunction(() => {
      const slide = document.querySelector('#slide-content [data-slidev-no="1"]')
      const shown = slide?.checkVisibility() && (slide.textContent ?? '').trim().length > 0
      return shown && document.fonts.status === 'loaded'
        ? performance.now()
        : false
    }, undefined, { polling: 'raf', timeout: 60_000 }).then(handle => handle.jsonValue() as Promise<number>)
    const firstSlideJsCss = server.log.filter(entry => /\.(?:m?js|css)$/.test(entry.path)).reduce((sum, entry) => sum + entry.bytes, 0)
    await page.waitForLoadState('networkidle').catch(() => {})
    const firstSlide = snapshot()
    await page.waitForTimeout(6000)
    await page.waitForLoadState('networkidle').catch(() => {})
    const settled = snapshot()

    const leavingHosts = new Map<string, number>()
    for (const url of guard.leaving) {
      const host = url.startsWith('http')
        ? new URL(url).host
        : url.slice(0, 40)
      leavingHosts.set(host, (leavingHosts.get(host) ?? 0) + 1)
    }
    const largest = [...server.log].sort((a, b) => b.bytes - a.bytes).slice(0, 6)
    await context.close()
    return {
      firstSlideMs,
      firstSlideJsCss,
      firstSlide,
      settled,
      leavingHosts,
      largest,
      consoleErrors,
    }
  }
  finally {
    await browser.close()
    await server.close()
  }
}

interface Reported { firstSlideBytes: number, firstSlideJsCss: number, firstSlideMs: number, distBytes: number }

async function report(name: string, buildInRoot: string, outDir: string, withoutNotes = false): Promise<Reported> {
  console.log(`\n== ${name} ==`)
  const build = await buildDeck({ outDir, cwd: buildInRoot, withoutNotes })
  const size = directorySize(outDir)
  const measured = await measureFirstSlide(outDir)
  const { firstSlide, settled } = measured
  const meetsGoal = firstSlide.bytes < oneMegabyte && settled.leaving === 0
  console.log(`build time                 ${(build.milliseconds / 1000).toFixed(1)} s`)
  console.log(`dist/ size                 ${formatBytes(size.bytes)} in ${size.files} files`)
  console.log(`time to first slide        ${Math.round(measured.firstSlideMs)} ms (loopback, fonts loaded)`)
  console.log(`first slide JS + CSS       ${formatBytes(measured.firstSlideJsCss)} (until it showed)`)
  console.log(`first slide                ${firstSlide.requests} requests, ${formatBytes(firstSlide.bytes)} transferred (${formatBytes(firstSlide.gzipBytes)} if the host gzips)`)
  console.log(`  tried to leave machine   ${firstSlide.leaving}`)
  console.log(`whole deck (after preload) ${settled.requests} requests, ${formatBytes(settled.bytes)} (${formatBytes(settled.gzipBytes)} gzipped), ${settled.leaving} tried to leave`)
  if (measured.leavingHosts.size)
    console.log(`  leaving for              ${[...measured.leavingHosts].map(([host, count]) => `${host} x${count}`).join(', ')}`)
  console.log(`console errors             ${measured.consoleErrors}`)
  console.log(`largest responses          ${measured.largest.map(entry => `${entry.path.replace(/^.*\//, '')} ${formatBytes(entry.bytes)}`).join(', ')}`)
  console.log(`goal (< 1 MB, 0 leaving)   ${meetsGoal ? 'met' : 'NOT met'}`)
  return {
    firstSlideBytes: firstSlide.bytes,
    firstSlideJsCss: measured.firstSlideJsCss,
    firstSlideMs: measured.firstSlideMs,
    distBytes: size.bytes,
  }
}

/**
 * Slidev's starter deck (the template.md `@slidev/cli` ships, the one `npm init slidev`
 * writes) in a scratch folder that borrows this project's node_modules. Its theme, seriph,
 * is not installed and cannot be fetched offline, so it is built with the default theme.
 */
function prepareStarter(): string | undefined {
  const template = join(projectRoot, 'node_modules', '@slidev', 'cli', 'template.md')
  if (!existsSync(template))
    return undefined
  const dir = mkdtempSync(join(tmpdir(), 'slidev-starter-'))
  writeFileSync(join(dir, 'slides.md'), readFileSync(template, 'utf8').replace(/^theme: seriph$/m, 'theme: default'))
  writeFileSync(join(dir, 'package.json'), '{ "name": "slidev-starter", "private": true, "type": "module" }\n')
  mkdirSync(join(dir, 'components'))
  // The starter's own Counter component, reduced to what its slide uses.
  writeFileSync(join(dir, 'components', 'Counter.vue'), '<script setup lang="ts">\nimport { ref } from \'vue\'\nconst props = defineProps<{ count?: number }>()\nconst counter = ref(props.count ?? 0)\n</script>\n\n<template>\n  <button @click="counter++">\n    {{ counter }}\n  </button>\n</template>\n')
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

const scratch = mkdtempSync(join(tmpdir(), 'deck-budget-'))
try {
  console.log('Figures from this machine, on loopback, with a cold browser cache. Development figures: other work shares the CPU.')
  // The public build (no speaker notes): what the host configs publish and the audience loads.
  const deck = await report('Rust for Python Developers (this deck, public build as hosted: npm run build:public)', projectRoot, join(scratch, 'deck'), true)
  const budget = loadBudget()
  console.log(`budget.json                first-slide JS + CSS ${formatBytes(deck.firstSlideJsCss)} of ${formatBytes(budget.firstSlideJsCssBytes.max)}, dist/ ${formatBytes(deck.distBytes)} of ${formatBytes(budget.distBytes.max)}`)
  if (!values['no-starter']) {
    const starter = prepareStarter()
    if (!starter) {
      console.log('\n== Slidev starter deck ==\nnot measured: node_modules/@slidev/cli/template.md is missing')
    }
    else {
      try {
        const base = await report('Slidev starter deck (template.md from @slidev/cli, default theme)', starter, join(scratch, 'starter'))
        const ratio = (a: number, b: number) => (a / b).toFixed(2)
        console.log('\n== this deck / the starter, same Slidev, same run ==')
        console.log(`first-slide bytes          ${ratio(deck.firstSlideBytes, base.firstSlideBytes)}x (goal <= 0.9x: ${deck.firstSlideBytes <= 0.9 * base.firstSlideBytes
          ? 'met'
          : 'NOT met'})`)
        console.log(`first-slide JS + CSS       ${ratio(deck.firstSlideJsCss, base.firstSlideJsCss)}x`)
        console.log(`time to first slide        ${ratio(deck.firstSlideMs, base.firstSlideMs)}x (goal <= 1.0x: ${deck.firstSlideMs <= base.firstSlideMs
          ? 'met'
          : 'NOT met'}; one run each on a shared machine)`)
      }
      catch (error) {
        console.log(`not measured: the starter deck did not build offline:\n${error instanceof Error
          ? error.message.split('\n').slice(0, 12).join('\n')
          : error}`)
      }
      finally {
        rmSync(starter, { recursive: true, force: true })
      }
    }
  }
}
finally {
  rmSync(scratch, { recursive: true, force: true })
}
