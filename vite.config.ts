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

/**
 * The title slide's text is Inter, which style.css only asks for once its CSS has been parsed
 * and the slide laid out. Preloading the two latin weights the cover uses starts both fetches
 * with the page (time to first slide, budget.json), in every build, under any base.
 */
function preloadCoverFonts(): Plugin {
  const cover = /^assets\/inter-latin-(?:400|700)-normal-[\w-]+\.woff2$/
  let base = '/'
  return {
    name: 'preload-cover-fonts',
    apply: 'build',
    configResolved(config) {
      base = config.base
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, server }) {
        if (server || !bundle)
          return
        const fonts = Object.keys(bundle).filter(name => cover.test(name))
        if (fonts.length !== 2)
          throw new Error(`preload-cover-fonts: expected Inter 400 and 700 (latin) in the build, found ${fonts.length}: is @fontsource/inter still imported in style.css?`)
        return fonts.map(name => ({
          tag: 'link',
          attrs: {
            rel: 'preload',
            as: 'font',
            type: 'font/woff2',
            crossorigin: '',
            href: `${base}${name}`,
          },
          injectTo: 'head' as const,
        }))
      },
    },
  }
}

export default defineConfig({
  plugins: [
    leanSlidevClient(),
    preloadCoverFonts(),
    etlLivePlugin(),
  ],
})
