// `npm run budget`: what it costs to open this deck, next to Slidev's own starter deck built
// with the same Slidev in the same run, and time to first slide over 5 cold loads of each,
// interleaved. Prints figures; asserts nothing (tests/e2e/public-build.spec.ts asserts the
// thresholds in budget.json).
import type { Buffer } from 'node:buffer'
import type { Served } from '../toolchain/budget'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { median } from '../lib/shared/stats'
import { distFiles, loadBudget, openFirstSlide } from '../toolchain/budget'
import { launchChromium } from '../toolchain/chromium'
import { canvas } from '../toolchain/deck/browser'
import { buildDeck, serveDeck } from '../toolchain/deck/build'
import { repoPath, repoRoot } from '../toolchain/paths'

const runs = 5

// Decimal units, as budget.json writes them.
function size(bytes: number) {
  return bytes >= 1e6
    ? `${(bytes / 1e6).toFixed(2)} MB`
    : `${(bytes / 1000).toFixed(1)} kB`
}
const bytesOf = (served: Served[], as = (body: Buffer) => body) => served.reduce((sum, entry) => sum + as(entry.body).length, 0)
/** What the responses weigh as served, and as a host that compresses (they all gzip or better) would send them. */
const weigh = (served: Served[]) => `${served.length} requests, ${size(bytesOf(served))} (${size(bytesOf(served, gzipSync))} gzipped)`
const met = (ok: boolean) => ok ? 'met' : 'NOT met'
const budget = loadBudget()
const browser = await launchChromium()

interface Reported { url: string, firstBytes: number, firstJsCss: number, times: number[], close: () => Promise<void> }

async function report(name: string, cwd: string, outDir: string, withoutNotes = false): Promise<Reported> {
  console.log(`\n== ${name} ==`)
  const ms = await buildDeck(outDir, { cwd, withoutNotes })
  const files = distFiles(outDir)
  const server = await serveDeck(outDir)
  const context = await browser.newContext({ viewport: canvas })
  const leaving: string[] = []
  context.on('request', request => !request.url().startsWith(server.origin) && !/^(?:data|blob):/.test(request.url()) && leaving.push(request.url()))
  let errors = 0
  context.on('console', message => message.type() === 'error' && errors++)
  const { page, served, untilShown: first, jsCssBytes: firstJsCss } = await openFirstSlide(context, server.url, budget)
  // Slidev preloads every other slide about 3 s after the first: then it is the whole deck.
  await page.waitForTimeout(6000)
  await page.waitForLoadState('networkidle').catch(() => {})
  const firstBytes = bytesOf(first)
  const largest = [...served].sort((a, b) => b.body.length - a.body.length).slice(0, 6)
  console.log(`build time                 ${(ms / 1000).toFixed(1)} s`)
  console.log(`dist/ size                 ${size(files.reduce((sum, file) => sum + file.bytes, 0))} in ${files.length} files`)
  console.log(`first slide JS + CSS       ${size(firstJsCss)} (until it showed)`)
  console.log(`first slide                ${weigh(first)}`)
  console.log(`whole deck (after preload) ${weigh(served)}`)
  const left = Array.from(new Set(leaving.map(url => url.slice(0, 60)))).join(', ')
  console.log(`tried to leave the machine ${leaving.length}${left && `: ${left}`}`)
  console.log(`console errors             ${errors}`)
  console.log(`largest responses          ${largest.map(entry => `${entry.url.replace(/^.*\//, '')} ${size(entry.body.length)}`).join(', ')}`)
  console.log(`goal (< 1 MB, 0 leaving)   ${met(firstBytes < 1e6 && leaving.length === 0)}`)
  await context.close()
  return {
    url: server.url,
    firstBytes,
    firstJsCss,
    times: [],
    close: server.close,
  }
}

/**
 * Slidev's starter deck (`@slidev/cli`'s template.md, what `npm init slidev` writes) in a scratch
 * folder with this project's node_modules, on the default theme (seriph cannot be fetched offline).
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
const starter = prepareStarter()
try {
  console.log('Figures from this machine, on loopback, with a cold browser cache. Other work shares the CPU.')
  // The public build (no speaker notes): what the host configs publish and the audience loads.
  const deck = await report('Rust for Python Developers (this deck, public build as hosted: npm run build:public)', repoRoot, join(scratch, 'deck'), true)
  console.log(`budget.json                first-slide JS + CSS ${size(deck.firstJsCss)} of ${size(budget.firstSlideJsCssBytes.max)}`)
  const base = starter && await report('Slidev starter deck (template.md from @slidev/cli, default theme)', starter, join(scratch, 'starter')).catch((error: unknown): undefined => {
    console.log(`not measured: the starter deck did not build offline:\n${String(error).split('\n').slice(0, 12).join('\n')}`)
  })
  // Cold loads of each deck, interleaved so the machine's noise falls on all alike.
  const decks = base
    ? [deck, base]
    : [deck]
  for (let run = 0; run < runs; run++) {
    for (const reported of decks) {
      const context = await browser.newContext({ viewport: canvas })
      reported.times.push((await openFirstSlide(context, reported.url, budget)).milliseconds)
      await context.close()
    }
  }
  const formatTimes = (times: number[]) => `median ${Math.round(median(times))} ms of ${times.map(Math.round).join(', ')}`
  console.log(`\n== time to first slide, ${runs} cold loads each${base ? ', interleaved' : ''} (loopback, fonts loaded) ==\nthis deck                  ${formatTimes(deck.times)}`)
  if (base) {
    const ratio = (a: number, b: number) => (a / b).toFixed(2)
    console.log(`the starter                ${formatTimes(base.times)}\n\n== this deck / the starter, same Slidev, same run ==`)
    console.log(`first-slide bytes          ${ratio(deck.firstBytes, base.firstBytes)}x (goal <= 0.9x: ${met(deck.firstBytes <= 0.9 * base.firstBytes)})`)
    console.log(`first-slide JS + CSS       ${ratio(deck.firstJsCss, base.firstJsCss)}x`)
    console.log(`time to first slide        ${ratio(median(deck.times), median(base.times))}x (goal <= 1.0x: ${met(median(deck.times) <= median(base.times))}; medians, on a shared machine)`)
    await base.close()
  }
  await deck.close()
}
finally {
  await browser.close()
  rmSync(scratch, { recursive: true, force: true })
  if (starter)
    rmSync(starter, { recursive: true, force: true })
}
