// A shutdown (SIGTERM → `close`) answers the requests under way with `Connection: close`: their connections end with
// the answer. Before, an answer given during the drain said `Connection: keep-alive`, then the drain closed the
// connection as soon as it was idle: a client (a proxy's upstream pool) that sent its next request on it meanwhile got
// a reset and no answer — what the drain is there to prevent.
import { randomUUID } from 'node:crypto'
import { connect } from 'node:net'
import type { Actor } from '@gridcase/core/access'
import { signToken } from '@gridcase/http'
import { afterEach, describe, expect, it } from 'vitest'
import { startRealServer, type RealServer } from './helpers/realServer.js'
import { until } from '../helpers/until.js'

const GRID = 'hohhot/saihan/wulanchabu-east-road/community-a/grid-001'
const hotline: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }

describe('a request under way when the server begins to close', () => {
  let real: RealServer | undefined
  afterEach(async () => {
    await real?.server.close().catch(() => undefined)
    real = undefined
  })

  it('is answered with Connection: close on its keep-alive connection, which then ends', async () => {
    real = await startRealServer('shutdown-keepalive', { GRIDCASE_PROCESSES: 'off' })
    const { url } = real.server
    const { hostname, port } = new URL(url)
    const token = await signToken({ secret: `${'shutdown-keepalive'}-secret-`.repeat(4) }, hotline)
    const body = Buffer.from(JSON.stringify({ channel: 'hotline-12345', kind: 'help', category: 'heating', title: '暖气不热', description: '暖气一周不热', jurisdiction: GRID }))
    const socket = connect(Number(port), hostname)
    let answer = ''
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')))
    socket.on('error', () => undefined)
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()))
    // HTTP/1.1, no Connection header: a keep-alive connection, as a proxy's upstream pool keeps.
    const head = [`POST /api/v1/complaints HTTP/1.1`, `host: ${hostname}:${port}`, `content-length: ${body.length}`, `authorization: Bearer ${token}`, 'content-type: application/json', `idempotency-key: ${randomUUID()}`, '', ''].join('\r\n')
    const half = Math.floor(body.length / 2)
    await new Promise<void>((resolve) => socket.on('connect', () => socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body.subarray(0, half)]), () => resolve())))
    await new Promise((resolve) => setTimeout(resolve, 200))
    const closing = real.server.close()
    real = undefined
    // The server no longer takes connections: it is draining.
    await until(async () => (await fetch(`${url}/healthz`).then(() => 'served', () => 'refused')) === 'refused')
    socket.write(body.subarray(half))
    await until(() => answer.includes('\r\n\r\n'), { state: () => answer })
    expect(answer).toMatch(/^HTTP\/1\.1 201 /)
    expect(answer.toLowerCase()).toContain('connection: close')
    await ended
    await closing
  }, 60_000)
})
