// Slidev merges this into its own Vite config. The live-run endpoint exists only on the dev
// server (`npm run dev`): the plugin applies to `serve` alone, so a build never has it.
import { defineConfig } from 'vite'
import { etlLivePlugin } from './scripts/lib/etl-live-server'

export default defineConfig({
  plugins: [
    etlLivePlugin(),
  ],
})
