// A diagnostic, not a bench (not run by `npm run bench`). Issue #19: would sealing on a worker thread pay at batched
// appends? What the appending thread would still pay per sealed field to hand a chunk's plaintexts to a sealing worker
// and take the ciphertexts back, beside what sealing the field itself costs it now. The fields are the sample log's own
// (its events walked by core's sealEvent with a recording cipher, in the order the evidence bench appends them), a
// chunk being those of BENCH_SEAL_CHUNK events (1,000: one batched append). Three ways, alternated round by round,
// medians of ROUNDS:
//   - seal here: aesGcmFieldCipher over a key store (its key lookup included), as an append seals now;
//   - clone: the subjects, keys and texts posted as arrays (structured clone), the ciphertexts back as an array of strings;
//   - one buffer: the texts written into one transferred buffer with their offsets (the subjects and keys deduplicated
//     beside it), the sealed bytes back in one transferred buffer, made base64 here field by field.
// The key lookup (`keyOf`) stays on the appending thread in both worker ways: it decides what the append's transaction
// stores. Figures: the appending thread's CPU µs per field (its own clock ticks, /proc/self/task: Linux only), and the
// wall µs per field of a chunk sent and awaited alone (the worker sealing meanwhile). See docs/scale.md, "Sealing off the
// appending thread, measured".
//   npx tsx bench/sealRoundTrip.ts        (BENCH_SEAL_ROUNDS=5, BENCH_SEAL_CHUNK=1000, BENCH_SEAL_MS=1500)
import { Worker } from 'node:worker_threads'
import { aesGcmFieldCipher, sqliteSubjectKeys } from '@gridcase/adapters/embedded'
import { sealEvent, type FieldCipher } from '@gridcase/core/privacy'
import type { NewEvent } from '@gridcase/core'
import { sampleDrafts } from '../tests/support/sampleLog.js'
import { load, mainThreadCpuUs, median } from './anchors/runs.js'

const ROUNDS = Number(process.env['BENCH_SEAL_ROUNDS'] ?? 5)
const CHUNK = Number(process.env['BENCH_SEAL_CHUNK'] ?? 1000)
const PHASE_MS = Number(process.env['BENCH_SEAL_MS'] ?? 1500)
const STREAMS = 200
const STRIDE = 7919


// The sample log's sealed fields, chunk by chunk, as the evidence bench's batched appends of the log mix would seal them.
interface Field {
  readonly subject: string
  readonly text: string
}
const drafts = [...sampleDrafts({ cases: 20_000, seed: 2026, spacingMinutes: 3, start: '2026-01-05T00:00:00.000Z' })]
const eventOf = (n: number): NewEvent => {
  const d = drafts[(n * STRIDE) % drafts.length] as (typeof drafts)[number]
  return { type: d.type, schemaVersion: 1, data: d.data, metadata: { commandId: `cmd-${n}`, correlationId: `corr-${n}`, causationId: `cmd-${n}`, actor: d.actor, occurredAt: d.at } }
}
const chunks: Field[][] = []
{
  let taken: Field[] = []
  const recorder: FieldCipher = { seal: (subject, text) => (taken.push({ subject, text }), 'x'), open: () => undefined }
  for (let c = 0; c < 40; c += 1) {
    taken = []
    for (let k = 0; k < CHUNK; k += 1) sealEvent(`complaint-${c % STREAMS}`, eventOf(c * CHUNK + k), recorder)
    chunks.push(taken)
  }
}
const fieldsPerChunk = chunks.reduce((s, c) => s + c.length, 0) / chunks.length
const bytesPerField = chunks.flat().reduce((s, f) => s + Buffer.byteLength(f.text), 0) / chunks.flat().length

const keys = sqliteSubjectKeys(':memory:')
const cipher = aesGcmFieldCipher(keys)

const WORKER = `
const { parentPort } = require('node:worker_threads')
const { createCipheriv, randomFillSync } = require('node:crypto')
const ivs = Buffer.alloc(12 * 4096)
let ivAt = ivs.length
const nextIv = () => { if (ivAt === ivs.length) { randomFillSync(ivs); ivAt = 0 } ivAt += 12; return ivs.subarray(ivAt - 12, ivAt) }
const sealBytes = (key, aad, text) => {
  const iv = nextIv()
  const c = createCipheriv('aes-256-gcm', key, iv)
  c.setAAD(aad)
  const body = c.update(text)
  c.final()
  return [iv, body, c.getAuthTag()]
}
parentPort.on('message', (m) => {
  if (m.way === 'clone') {
    const out = new Array(m.texts.length)
    for (let i = 0; i < m.texts.length; i += 1) {
      const [iv, body, tag] = sealBytes(m.keys[m.keyOf[i]], Buffer.from(m.subjects[m.keyOf[i]], 'utf8'), Buffer.from(m.texts[i], 'utf8'))
      out[i] = Buffer.concat([iv, body, tag]).toString('base64')
    }
    parentPort.postMessage(out)
    return
  }
  const texts = Buffer.from(m.texts)
  const aads = m.subjects.map((s) => Buffer.from(s, 'utf8'))
  const n = m.keyOf.length
  const out = Buffer.from(new ArrayBuffer(texts.length + 28 * n))
  const ends = new Uint32Array(n)
  let at = 0
  for (let i = 0; i < n; i += 1) {
    const [iv, body, tag] = sealBytes(m.keys[m.keyOf[i]], aads[m.keyOf[i]], texts.subarray(i === 0 ? 0 : m.ends[i - 1], m.ends[i]))
    iv.copy(out, at); at += 12
    body.copy(out, at); at += body.length
    tag.copy(out, at); at += 16
    ends[i] = at
  }
  parentPort.postMessage({ bytes: out.buffer, ends }, [out.buffer, ends.buffer])
})
`
const worker = new Worker(WORKER, { eval: true })
let answer: ((m: unknown) => void) | undefined
worker.on('message', (m) => answer?.(m))
const ask = (message: unknown, transfer: ArrayBuffer[] = []): Promise<unknown> =>
  new Promise((resolve) => {
    answer = resolve
    worker.postMessage(message, transfer)
  })

/** The subjects and keys of a chunk, deduplicated, and each field's index into them (the key looked up here, as now). */
const keyTable = (chunk: readonly Field[]) => {
  const index = new Map<string, number>()
  const subjects: string[] = []
  const keyBytes: Buffer[] = []
  const keyOf = new Uint32Array(chunk.length)
  for (let i = 0; i < chunk.length; i += 1) {
    const { subject } = chunk[i] as Field
    const key = keys.keyOf(subject, true) as Buffer
    let k = index.get(subject)
    if (k === undefined) {
      k = subjects.length
      index.set(subject, k)
      subjects.push(subject)
      keyBytes.push(key)
    }
    keyOf[i] = k
  }
  return { subjects, keys: keyBytes, keyOf }
}

let sink = 0
const ways: Record<string, (chunk: readonly Field[]) => Promise<void> | void> = {
  'seal here': (chunk) => {
    for (const { subject, text } of chunk) sink += cipher.seal(subject, text).length
  },
  clone: async (chunk) => {
    const table = keyTable(chunk)
    const sealed = (await ask({ way: 'clone', ...table, texts: chunk.map((f) => f.text) })) as string[]
    for (const s of sealed) sink += s.length
  },
  'one buffer': async (chunk) => {
    const table = keyTable(chunk)
    let size = 0
    for (const { text } of chunk) size += text.length * 3
    const texts = Buffer.from(new ArrayBuffer(size))
    const ends = new Uint32Array(chunk.length)
    let at = 0
    for (let i = 0; i < chunk.length; i += 1) {
      at += texts.write((chunk[i] as Field).text, at, 'utf8')
      ends[i] = at
    }
    const back = (await ask({ way: 'buffer', ...table, texts: texts.buffer, ends }, [texts.buffer])) as { bytes: ArrayBuffer; ends: Uint32Array }
    const out = Buffer.from(back.bytes)
    let from = 0
    for (let i = 0; i < back.ends.length; i += 1) {
      const end = back.ends[i] as number
      sink += out.toString('base64', from, end).length
      from = end
    }
  },
}

const results: Record<string, { cpu: number[]; wall: number[] }> = {}
for (let r = 0; r <= ROUNDS; r += 1) {
  for (const [name, way] of Object.entries(ways)) {
    const cpu0 = mainThreadCpuUs()
    const t0 = process.hrtime.bigint()
    let fields = 0
    for (let c = 0; Number(process.hrtime.bigint() - t0) / 1e6 < PHASE_MS; c += 1) {
      const chunk = chunks[c % chunks.length] as Field[]
      await way(chunk)
      fields += chunk.length
    }
    const wall = Number(process.hrtime.bigint() - t0) / 1e3 / fields
    const cpu = (mainThreadCpuUs() - cpu0) / fields
    // The first round warms up.
    if (r > 0) {
      const kept = (results[name] ??= { cpu: [], wall: [] })
      kept.cpu.push(cpu)
      kept.wall.push(wall)
    }
  }
}
console.log(`sealing off the appending thread: ${fieldsPerChunk.toFixed(0)} sealed fields per ${CHUNK} events of the sample log, ${bytesPerField.toFixed(0)} bytes a text; ${ROUNDS} rounds of ${PHASE_MS} ms; ${load()}`)
for (const [name, { cpu, wall }] of Object.entries(results)) {
  console.log(`  ${name.padEnd(11)} appending thread CPU ${median(cpu).toFixed(2)} µs a field (${cpu.map((x) => x.toFixed(2)).join(', ')}); wall ${median(wall).toFixed(2)} µs a field`)
}
console.log(`(${sink > 0 ? 'ok' : 'nothing sealed'})`)
await worker.terminate()
keys.close()
