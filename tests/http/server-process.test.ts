// The helper the crash tests start the server with: a SIGKILL to its child must kill the server itself. (Started
// through tsx's command, the server ran in a grandchild that a SIGKILL to the command left running: the "crashed"
// server went on serving, beside the restarted one, on the same data directory.)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnServer, type ServerProcess } from '../helpers/serverProcess.js'

const dirs: string[] = []
const servers: ServerProcess[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('spawnServer', () => {
  it('runs the server in the child it answers, so a SIGKILL leaves nothing listening on its port', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-server-process-'))
    dirs.push(dataDir)
    const server = spawnServer([], { DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: 'server-process-secret-server-process-secret', GRIDCASE_PROCESSES: 'off' })
    servers.push(server)
    const url = await server.listening
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    server.child.kill('SIGKILL')
    await server.exited
    expect(server.child.signalCode).toBe('SIGKILL')
    // Nothing answers on the port any more: the request is refused, not served by a server left behind.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow()
  }, 60_000)
})
