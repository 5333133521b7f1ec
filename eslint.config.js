import antfu from '@antfu/eslint-config'

export default antfu({
  vue: true,
  typescript: true,
  // Slides are Markdown read by Slidev, not documents: their code lives in snippets/.
  markdown: false,
  ignores: ['dist*/**', 'snippets/target/**', 'test-results/**', 'exports/**', 'bench-results/**', '.slidev/**'],
})
