// `npm run bench`: runs every bench/*.bench.ts in turn (or only those named on the command line) and prints figures.
import { readdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
const only = process.argv.slice(2)
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()

for (const file of files) {
  console.log(`\n== ${file} ==`)
  const started = process.hrtime.bigint()
  const mod = (await import(pathToFileURL(`${dir}${file}`).href)) as { run?: () => Promise<void> }
  if (typeof mod.run === 'function') await mod.run()
  console.log(`(${file}: ${Number(process.hrtime.bigint() - started) / 1e9}s)`)
}
