// Slidev merges this into its own Vite config. The live-run endpoint exists only on the dev
// server (`npm run dev`): the plugin applies to `serve` alone, so a build never has it.
import type { Plugin } from 'vite'
import { defineConfig } from 'vite'
import { etlLivePlugin } from './toolchain/etl-live-server'

/**
 * Slidev's client loads some features on every page whether a deck uses them or not. This
 * talk uses none of these, so they leave the first load (budget.json, issue 13):
 * - twoslash popups (`twoslash: false` in slides.md): floating-vue and its CSS, ~60 kB. The
 *   client's own tooltips and dropdowns (settings, drawing tools) load it when first drawn;
 * - Vue's template compiler: every template here is compiled at build time, ~60 kB;
 * - the `yaml` package, which the client pulls in through `@slidev/parser/core` for one
 *   range parser that `@slidev/parser/utils` also exports, ~30 kB;
 * - `v-mark` (rough-notation, ~30 kB) and `v-motion` (@vueuse/motion, ~38 kB). A slide that
 *   uses either fails with an error naming this file instead of silently doing nothing.
 */
function leanSlidevClient(): Plugin {
  const stubs: Record<string, string> = {
    '@shikijs/vitepress-twoslash/client': 'export default { install() {} }',
    '@shikijs/vitepress-twoslash/style.css': '',
    '@slidev/rough-notation': 'export function annotate() { throw new Error("v-mark is switched off in vite.config.ts (leanSlidevClient): the talk does not use it") }',
    'floating-vue': [
      'import { defineAsyncComponent } from "vue"',
      'let loaded',
      'const load = () => loaded ??= Promise.all([import("floating-vue"), import("floating-vue/dist/style.css")]).then(([module]) => module)',
      'export const Tooltip = defineAsyncComponent(() => load().then(module => module.Tooltip))',
      'export const Dropdown = defineAsyncComponent(() => load().then(module => module.Dropdown))',
      '// No popper exists before floating-vue has loaded, so there is nothing to recompute.',
      'export function recomputeAllPoppers() { loaded?.then(module => module.recomputeAllPoppers()) }',
    ].join('\n'),
    '@vueuse/motion': 'export function MotionDirective() { const off = () => { throw new Error("v-motion is switched off in vite.config.ts (leanSlidevClient): the talk does not use it") }; return { created: off, mounted: off } }',
  }
  const prefix = '\0lean-slidev:'
  return {
    name: 'lean-slidev-client',
    enforce: 'pre',
    async resolveId(id, importer) {
      if (id in stubs && !importer?.startsWith(prefix))
        return `${prefix}${id}`
      // Slidev aliases `vue` to the build that compiles templates in the browser.
      if (id.endsWith('/vue/dist/vue.esm-bundler.js'))
        return id.replace(/vue\.esm-bundler\.js$/, 'vue.runtime.esm-bundler.js')
      if (id === '@slidev/parser/core' && importer?.includes('/@slidev/client/'))
        return this.resolve('@slidev/parser/utils', importer, { skipSelf: true })
    },
    load(id) {
      if (id.startsWith(prefix))
        return stubs[id.slice(prefix.length)]
    },
  }
}

export default defineConfig({
  plugins: [
    leanSlidevClient(),
    etlLivePlugin(),
  ],
})
