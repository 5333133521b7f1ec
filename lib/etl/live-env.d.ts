// Defined by toolchain/etl-live-server.ts's Vite plugin on the dev server only; read it
// behind `import.meta.env.DEV` and `typeof` so a build (where it is absent) drops the code.
declare const __ETL_LIVE__: { url: string, header: string, token: string } | undefined
