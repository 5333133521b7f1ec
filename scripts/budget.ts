// `npm run budget`: what it costs to open this deck, next to Slidev's own starter deck built
// with the same Slidev in the same run. Prints figures; asserts nothing (the thresholds in
// budget.json are asserted by tests/e2e/budget.test.ts). Goals (issue 13), printed as
// ratios to the starter: first-slide bytes at most 0.9x, time to first slide at most 1.0x.
//   npm run budget                 this deck and the starter
//   npm run budget -- --no-starter this deck only
//   npm run budget -- --runs 7     time to first slide: median of 7 cold loads each,
//                                  the two decks interleaved (5 by default)
import type { ServedFile } from '../toolchain/serve'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import { median } from '../lib/shared/stats'
import { canvas } from '../toolchain/bench/deck'
import { distFiles, jsCssBytes, loadBudget, openFirstSlide } from '../toolchain/budget'
import { buildDeck } from '../toolchain/build-deck'
import { launchChromium } from '../toolchain/chromium'
import { guardNetwork, noDnsArg } from '../toolchain/network-guard'
import { repoPath, repoRoot } from '../toolchain/paths'
import { serveDist } from '../toolchain/serve'

const { values } = parseArgs({
  options: {
    'no-starter': { type: 'boolean', default: false },
    'runs': { type: 'string', default: '5' },
  },
})
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a whole number of at least 1, not "${values.runs}"`)

// Decimal units, as budget.json and tests/e2e/budget.test.ts write them.
const oneMegabyte = 1_000_000

function formatBytes(bytes: number): string {
  if (bytes >= oneMegabyte)
    return `${(bytes / oneMegabyte).toFixed(2)} MB`
  return `${(bytes / 1000).toFixed(1)} kB`
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
    const context = await browser.newContext({ viewport: canvas })
    const guard = await guardNetwork(context, server.origin)
    let consoleErrors = 0
    context.on('console', message => consoleErrors += message.type() === 'error'
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
    const { page, served } = await openFirstSlide(context, server)
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
      firstSlideJsCss: jsCssBytes(served),
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

/** Times to first slide of `outDirs`, `runs` cold loads each, interleaved so the machine's noise falls on all alike. */
async function timeFirstSlides(outDirs: string[]): Promise<number[][]> {
  const servers = await Promise.all(outDirs.map(dir => serveDist(dir)))
  const browser = await launchChromium({
    args: [noDnsArg],
  })
  try {
    const times = outDirs.map((): number[] => [])
    for (let run = 0; run < runs; run++) {
      for (const [index, server] of servers.entries()) {
        const context = await browser.newContext({ viewport: canvas })
        times[index]!.push((await openFirstSlide(context, server)).milliseconds)
        await context.close()
      }
    }
    return times
  }
  finally {
    await browser.close()
    await Promise.all(servers.map(server => server.close()))
  }
}

const formatTimes = (times: number[]) => `median ${Math.round(median(times))} ms of ${times.map(Math.round).join(', ')}`

interface Reported { outDir: string, firstSlideBytes: number, firstSlideJsCss: number, distBytes: number }

async function report(name: string, buildInRoot: string, outDir: string, withoutNotes = false): Promise<Reported> {
  console.log(`\n== ${name} ==`)
  const build = await buildDeck({ outDir, cwd: buildInRoot, withoutNotes })
  const files = distFiles(outDir)
  const size = {
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    files: files.length,
  }
  const measured = await measureFirstSlide(outDir)
  const { firstSlide, settled } = measured
  const meetsGoal = firstSlide.bytes < oneMegabyte && settled.leaving === 0
  console.log(`build time                 ${(build.milliseconds / 1000).toFixed(1)} s`)
  console.log(`dist/ size                 ${formatBytes(size.bytes)} in ${size.files} files`)
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
    outDir,
    firstSlideBytes: firstSlide.bytes,
    firstSlideJsCss: measured.firstSlideJsCss,
    distBytes: size.bytes,
  }
}

/**
 * Slidev's starter deck (the template.md `@slidev/cli` ships, the one `npm init slidev`
 * writes) in a scratch folder that borrows this project's node_modules. Its theme, seriph,
 * is not installed and cannot be fetched offline, so it is built with the default theme.
 */
function prepareStarter(): string | undefined {
  const template = repoPath('node_modules', '@slidev', 'cli', 'template.md')
  if (!existsSync(template))
    return undefined
  const dir = mkdtempSync(join(tmpdir(), 'slidev-starter-'))
  writeFileSync(join(dir, 'slides.md'), readFileSync(template, 'utf8').replace(/^theme: seriph$/m, 'theme: default'))
  writeFileSync(join(dir, 'package.json'), '{ "name": "slidev-starter", "private": true, "type": "module" }\n')
  mkdirSync(join(dir, 'components'))
  // The starter's own Counter component, reduced to what its slide uses.
  writeFileSync(join(dir, 'components', 'Counter.vue'), '<script setup lang="ts">\nimport { ref } from \'vue\'\nconst props = defineProps<{ count?: number }>()\nconst counter = ref(props.count ?? 0)\n</script>\n\n<template>\n  <button @click="counter++">\n    {{ counter }}\n  </button>\n</template>\n')
  symlinkSync(repoPath('node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

const scratch = mkdtempSync(join(tmpdir(), 'deck-budget-'))
try {
  console.log('Figures from this machine, on loopback, with a cold browser cache. Development figures: other work shares the CPU.')
  // The public build (no speaker notes): what the host configs publish and the audience loads.
  const deck = await report('Rust for Python Developers (this deck, public build as hosted: npm run build:public)', repoRoot, join(scratch, 'deck'), true)
  const budget = loadBudget()
  console.log(`budget.json                first-slide JS + CSS ${formatBytes(deck.firstSlideJsCss)} of ${formatBytes(budget.firstSlideJsCssBytes.max)}, dist/ ${formatBytes(deck.distBytes)} of ${formatBytes(budget.distBytes.max)}`)
  const starter = values['no-starter']
    ? undefined
    : prepareStarter()
  if (!starter) {
    const [times] = await timeFirstSlides([deck.outDir])
    console.log(`time to first slide        ${formatTimes(times!)} (loopback, fonts loaded)`)
    if (!values['no-starter'])
      console.log('\n== Slidev starter deck ==\nnot measured: node_modules/@slidev/cli/template.md is missing')
  }
  else {
    try {
      const base = await report('Slidev starter deck (template.md from @slidev/cli, default theme)', starter, join(scratch, 'starter'))
      const [deckTimes, starterTimes] = await timeFirstSlides([deck.outDir, base.outDir])
      const deckMs = median(deckTimes!)
      const starterMs = median(starterTimes!)
      const ratio = (a: number, b: number) => (a / b).toFixed(2)
      console.log(`\n== time to first slide, ${runs} cold loads each, interleaved (loopback, fonts loaded) ==`)
      console.log(`this deck                  ${formatTimes(deckTimes!)}`)
      console.log(`the starter                ${formatTimes(starterTimes!)}`)
      console.log('\n== this deck / the starter, same Slidev, same run ==')
      console.log(`first-slide bytes          ${ratio(deck.firstSlideBytes, base.firstSlideBytes)}x (goal <= 0.9x: ${deck.firstSlideBytes <= 0.9 * base.firstSlideBytes
        ? 'met'
        : 'NOT met'})`)
      console.log(`first-slide JS + CSS       ${ratio(deck.firstSlideJsCss, base.firstSlideJsCss)}x`)
      console.log(`time to first slide        ${ratio(deckMs, starterMs)}x (goal <= 1.0x: ${deckMs <= starterMs
        ? 'met'
        : 'NOT met'}; medians, on a shared machine)`)
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
finally {
  rmSync(scratch, { recursive: true, force: true })
}
