// `npm run preview`: serves a built dist/ on 127.0.0.1 the way a static host would.
//   npm run preview -- --base /talks/rust/ --dir dist --port 3030
import process from 'node:process'
import { parseArgs } from 'node:util'
import { serveDist } from '../toolchain/serve'

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    dir: { type: 'string', default: 'dist' },
    port: { type: 'string', default: '3030' },
  },
})

const server = await serveDist(values.dir ?? 'dist', {
  base: values.base ?? process.env.BASE ?? '/',
  port: Number(values.port),
})
console.log(`Serving ${values.dir}/ at ${server.url}  (presenter: ${server.url}#/presenter/1)  Ctrl+C to stop.`)
process.once('SIGINT', () => void server.close().then(() => process.exit(0)))
