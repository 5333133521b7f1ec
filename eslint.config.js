import antfu from '@antfu/eslint-config'

export default antfu({
  vue: true,
  typescript: true,
  // Slides are Markdown read by Slidev, not documents: their code lives in snippets/.
  markdown: false,
  // data/ holds recorded traces and benchmark results, written by scripts, not by hand.
  ignores: [
    'data/**',
    'dist*/**',
    'snippets/target/**',
    'test-results/**',
    'exports/**',
    'bench-results/**',
    '.slidev/**',
    '.venv/**',
  ],
}, {
  // The toolchain prints progress and figures for the scripts that call it, as they do, and
  // the browser tests print the figures they measured (walk times, sizes, the stage summary).
  files: ['toolchain/**/*.ts', 'tests/e2e/**/*.ts'],
  rules: { 'no-console': 'off' },
})
