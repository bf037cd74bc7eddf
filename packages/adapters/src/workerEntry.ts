import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

/**
 * A worker thread running the module `name` (without its extension) beside `here` (the caller's `import.meta.url`).
 * Built, the thread runs the compiled `name.js`. Run from the sources (vitest, tsx), there is only `name.ts`, which a
 * worker cannot load by itself in Node 20 (a parent's --import hooks do not reach a worker's entry point): a two-line
 * entry registers tsx in the thread first, found from here (an eval'd entry would resolve bare names from the working
 * directory).
 */
export const startModuleWorker = (here: string, name: string, workerData: unknown): Worker => {
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, here), { workerData })
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const entry = new URL(`./${name}.ts`, here).href
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}) })`
  return new Worker(code, { eval: true, workerData })
}
