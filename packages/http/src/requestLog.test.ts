// The request log line is what operators grep and ship: its keys, their order and their values are pinned here.
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { logRequest } from './requestLog.js'

const capture = (level = 'info') => {
  const lines: string[] = []
  const logger = pino({ level, base: { pid: 1, hostname: 'h' }, timestamp: () => ',"time":0' }, { write: (line: string) => void lines.push(line) })
  return { logger, lines }
}
// The duration varies: its digits are set aside, its place is not.
const steady = (line: string | undefined): string => (line ?? '').replace(/"ms":[0-9.e-]+/, '"ms":N')

describe('logRequest', () => {
  it('writes one line: id, method, route, path, status, ms, then who (actor, role) when known, msg "request"', () => {
    const { logger, lines } = capture()
    const started = process.hrtime.bigint()
    logRequest(logger, 'r-1', 'POST', '/api/v1/complaints/:id/add-note', '/api/v1/complaints/0b7e2c6a-1f4d-4c8e-9a3b-5d6f7e8a9b0c/add-note', 200, started, { id: 'u-7', role: 'supervisor' })
    logRequest(logger, 'r-2', 'POST', 'unmatched', '/api/v1/complaints', 401, started, undefined)
    expect(lines.map(steady)).toEqual([
      '{"level":30,"time":0,"pid":1,"hostname":"h","requestId":"r-1","method":"POST","route":"/api/v1/complaints/:id/add-note","path":"/api/v1/complaints/0b7e2c6a-1f4d-4c8e-9a3b-5d6f7e8a9b0c/add-note","status":200,"ms":N,"actor":"u-7","role":"supervisor","msg":"request"}\n',
      '{"level":30,"time":0,"pid":1,"hostname":"h","requestId":"r-2","method":"POST","route":"unmatched","path":"/api/v1/complaints","status":401,"ms":N,"msg":"request"}\n',
    ])
  })

  it('writes nothing below info', () => {
    const { logger, lines } = capture('warn')
    logRequest(logger, 'r-1', 'GET', '/healthz', '/healthz', 200, process.hrtime.bigint(), undefined)
    expect(lines).toEqual([])
  })
})
