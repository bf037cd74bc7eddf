// The floor for the HTTP bench: the least a durable command server on Node can do per request, on this
// machine. node:http with no framework; each request burns WORK_US microseconds of CPU (standing in for
// an application's work), then its body is appended to a file and fdatasync'd by a worker thread, with
// group commit (what arrives in one loop turn goes as one message, one fdatasync) and the answer sent
// once the worker says the group is on disk. The same shape as gridcase's server with SQLITE_WRITER=thread.
// WRITER_WORK_US moves work onto the writer thread: it burns that many microseconds per body of a group
// before the group's fdatasync (standing in for a command pipeline — decide, seal, insert — run off the
// main thread). FSYNC_ON=main writes and fdatasyncs each group on the main thread instead (no worker),
// the shape of gridcase's server committing on the event loop (SQLITE_WRITER=main).
import { createServer } from 'node:http'
import { fdatasyncSync, openSync, writeSync } from 'node:fs'
import { Worker } from 'node:worker_threads'

const WORK_US = Number(process.env.WORK_US ?? 0)
// ALLOC_KB: what each request allocates on the main thread, in small short-lived objects (gridcase's add-note: ~46 KB,
// docs/scale.md "allocation per request"); RETAIN_KB of it is kept in a ring of RETAIN_SLOTS requests' worth, to be
// promoted to the old generation and collected later, as caches and read models do. Stands in for V8's collector's
// pauses, which a burn loop does not have.
const ALLOC_KB = Number(process.env.ALLOC_KB ?? 0)
const RETAIN_KB = Number(process.env.RETAIN_KB ?? 0)
const RETAIN_SLOTS = 20_000
const WRITER_WORK_US = Number(process.env.WRITER_WORK_US ?? 0)
const FILE = process.env.REFERENCE_FILE ?? ''
if (FILE === '') throw new Error('REFERENCE_FILE is required')
const FSYNC_ON = process.env.FSYNC_ON ?? 'writer'
if (FSYNC_ON !== 'writer' && FSYNC_ON !== 'main') throw new Error(`FSYNC_ON: '${FSYNC_ON}' is neither writer nor main`)

const WRITER = `
const { parentPort, workerData } = require('node:worker_threads')
const { openSync, writeSync, fdatasyncSync } = require('node:fs')
const fd = openSync(workerData.file, 'a')
const burn = (microseconds) => {
  const until = process.hrtime.bigint() + BigInt(Math.round(microseconds * 1000))
  while (process.hrtime.bigint() < until);
}
parentPort.on('message', (group) => {
  if (workerData.work > 0) burn(workerData.work * group.bodies.length)
  writeSync(fd, group.bodies.join('\\n') + '\\n')
  fdatasyncSync(fd)
  parentPort.postMessage(group.id)
})
`
const writer = FSYNC_ON === 'writer' ? new Worker(WRITER, { eval: true, workerData: { file: FILE, work: WRITER_WORK_US } }) : undefined
const fd = FSYNC_ON === 'main' ? openSync(FILE, 'a') : -1
const waiting = new Map<number, (() => void)[]>()
writer?.on('message', (id: number) => {
  for (const done of waiting.get(id) ?? []) done()
  waiting.delete(id)
})

let groupId = 0
let bodies: string[] = []
let answers: (() => void)[] = []
const flush = (): void => {
  if (writer === undefined) {
    writeSync(fd, bodies.join('\n') + '\n')
    fdatasyncSync(fd)
    for (const done of answers) done()
    bodies = []
    answers = []
    return
  }
  groupId += 1
  waiting.set(groupId, answers)
  writer.postMessage({ id: groupId, bodies })
  bodies = []
  answers = []
}
const durably = (body: string): Promise<void> =>
  new Promise((resolve) => {
    if (bodies.length === 0) setImmediate(flush)
    bodies.push(body)
    answers.push(resolve)
  })

const retained: unknown[] = new Array(RETAIN_SLOTS)
let retainedAt = 0
/** About `kb` KB of small objects and strings (each ~64 bytes: an object with two fields and a short string). */
const garbage = (kb: number): unknown[] => {
  const out: unknown[] = []
  for (let i = 0; i < kb * 16; i += 1) out.push({ i, s: `x${i}` })
  return out
}
const allocate = (): void => {
  if (ALLOC_KB > 0) garbage(ALLOC_KB - RETAIN_KB)
  if (RETAIN_KB > 0) {
    retained[retainedAt] = garbage(RETAIN_KB)
    retainedAt = (retainedAt + 1) % RETAIN_SLOTS
  }
}

const burn = (microseconds: number): void => {
  const until = process.hrtime.bigint() + BigInt(microseconds * 1000)
  while (process.hrtime.bigint() < until);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    allocate()
    burn(WORK_US)
    void durably(Buffer.concat(chunks).toString()).then(() => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"ok":true}')
    })
  })
})
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address()
  console.log(`listening on ${typeof address === 'object' && address !== null ? address.port : address}`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
