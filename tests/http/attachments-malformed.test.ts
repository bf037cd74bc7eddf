// Malformed and cut-off uploads against the real server bin, as a child process on a real port: whatever the body,
// the server answers (or, for a client gone, answers nobody), goes on serving (/healthz), and leaves no temporary
// file. A busboy file stream that failed with no 'error' listener used to end the whole process.
import { demoActors, signToken } from '@gridcase/http'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startChild, type ChildServer } from './helpers/child.js'

const secret = 'attachments-malformed-secret-attachments-malformed'
let dir: string
let server: ChildServer
let token: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-upload-malformed-'))
  server = await startChild({ DATA_DIR: dir, GRIDCASE_JWT_SECRET: secret, GRIDCASE_PROCESSES: 'off', SQLITE_SYNCHRONOUS: 'normal' })
  const resident = demoActors.find((a) => a.role === 'resident')
  if (resident === undefined) throw new Error('no demo resident')
  token = await signToken({ secret }, resident)
}, 60_000)
afterAll(async () => {
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
})

const png = (size = 256): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size)])
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')
const tempFiles = (): string[] => (existsSync(join(dir, 'attachments', 'tmp')) ? readdirSync(join(dir, 'attachments', 'tmp')) : [])
const storedFiles = (): string[] =>
  readdirSync(join(dir, 'attachments'), { recursive: true, encoding: 'utf8' }).filter((p) => /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(p))

const B = 'xx'
const filePart = (name: string, bytes: Buffer, type = 'image/png'): Buffer =>
  Buffer.concat([Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="a.png"\r\nContent-Type: ${type}\r\n\r\n`), bytes, Buffer.from('\r\n')])
const fieldPart = (name: string, value: string): Buffer => Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
const END = Buffer.from(`--${B}--\r\n`)

const post = async (body: Buffer) => {
  const res = await fetch(`${server.url}/api/v1/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${B}` },
    body,
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
/** The server is still up and kept nothing of the request. */
const stillServing = async () => {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  expect(tempFiles()).toEqual([])
}

describe('a multipart upload that is not a well-formed form', () => {
  it('a file part with no closing boundary (the form ends early) is 400 naming it; the server goes on, no temporary file', async () => {
    // The reviewer's reproduction: three bytes of a "PNG", then the body ends.
    const res = await post(Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nabc`))
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ type: 'urn:gridcase:problem:validation', errors: [{ path: '(body)', message: 'is not a valid multipart/form-data body' }] })
    expect(String(res.body['detail'])).toMatch(/Unexpected end of (form|file)/)
    await stillServing()
    // A whole PNG cut off before its boundary: the same, and nothing is kept.
    const bytes = png(4096)
    const before = storedFiles()
    expect((await post(filePart('file', bytes).subarray(0, -2))).status).toBe(400)
    await stillServing()
    expect(storedFiles()).toEqual(before)
  })

  it('a part read past (another name) that is cut off is 400 too, not a crash', async () => {
    const res = await post(Buffer.concat([fieldPart('note', 'x'), filePart('other', png()).subarray(0, -2)]))
    expect(res.status).toBe(400)
    expect(String(res.body['detail'])).toMatch(/Unexpected end of (form|file)/)
    await stillServing()
  })

  it('a file received in full in a form that then ends early is not kept', async () => {
    const bytes = png()
    const res = await post(Buffer.concat([filePart('file', bytes), filePart('file', png()).subarray(0, 60)]))
    expect(res.status).toBe(400)
    await stillServing()
    expect(existsSync(join(dir, 'attachments', sha(bytes).slice(0, 2), sha(bytes).slice(2, 4), sha(bytes)))).toBe(false)
  })

  it('a malformed part header is 400', async () => {
    const res = await post(Buffer.concat([Buffer.from(`--${B}\r\nContent-Disposition form-data\r\n\r\nabc\r\n`), END]))
    expect(res.status).toBe(400)
    await stillServing()
  })

  it('two files named "file": the first is kept, the second read past', async () => {
    const first = png()
    const res = await post(Buffer.concat([filePart('file', first), filePart('file', png()), END]))
    expect(res.status).toBe(201)
    expect(res.body['sha256']).toBe(sha(first))
    await stillServing()
  })

  it('a form of fields only is 400 naming the part "file"; past the parts limit it says so', async () => {
    const fields = await post(Buffer.concat([fieldPart('note', 'x'), fieldPart('other', 'y'), END]))
    expect(fields.status).toBe(400)
    expect(fields.body).toMatchObject({ errors: [{ path: 'file', message: 'is required' }] })
    const many = await post(Buffer.concat([...Array.from({ length: 41 }, (_, i) => fieldPart(`f${i}`, 'x')), filePart('file', png()), END]))
    expect(many.status).toBe(400)
    expect(many.body).toMatchObject({ errors: [{ path: 'file', message: 'is required' }] })
    expect(String(many.body['detail'])).toContain('first 40 parts')
    await stillServing()
  })

  it('a type refused at once (415) inside a form that ends early: still one answer, the server goes on', async () => {
    const res = await post(filePart('file', Buffer.from('%PDF-1.4 not a png at all'), 'image/png').subarray(0, -2))
    expect([400, 415]).toContain(res.status)
    await stillServing()
  })
})

describe('a client that goes away mid-upload', () => {
  /** Sends the headers and part of the body over a raw socket, waits until the server has started a temporary file, then hangs up. */
  const cutOff = async (contentType: string, declaredLength: number, head: Buffer): Promise<void> => {
    const socket = connect(server.port, '127.0.0.1')
    socket.on('error', () => undefined)
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    socket.write(
      `POST /api/v1/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: ${contentType}\r\nContent-Length: ${declaredLength}\r\n\r\n`,
    )
    socket.write(head)
    await vi.waitFor(() => expect(tempFiles().length).toBeGreaterThan(0), { timeout: 20_000, interval: 20 })
    socket.destroy()
  }

  it('multipart: the temporary file is removed and the server goes on', async () => {
    const head = filePart('file', png(8192)).subarray(0, 4000)
    await cutOff(`multipart/form-data; boundary=${B}`, 100_000, head)
    await vi.waitFor(() => expect(tempFiles()).toEqual([]), { timeout: 20_000, interval: 20 })
    await stillServing()
  })

  it('a raw body: the same', async () => {
    await cutOff('image/png', 100_000, png(4000))
    await vi.waitFor(() => expect(tempFiles()).toEqual([]), { timeout: 20_000, interval: 20 })
    await stillServing()
  })
})
