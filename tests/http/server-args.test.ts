// `npm start -- <flags>` (the server's bin): --help says what it takes and starts nothing; a flag it does not know is
// named and refused, so a typo (`--dmeo`) does not start a server other than the one asked for.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnServer } from '../helpers/serverProcess.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-server-args-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the server bin’s arguments', () => {
  it('--help prints its usage and exits 0 without starting (found in review: it started the server)', async () => {
    const dataDir = join(dir, 'help')
    const server = spawnServer(['--help'], { DATA_DIR: dataDir })
    const code = await Promise.race([server.exited, server.listening.then(() => 'listening')])
    if (code === 'listening') await server.stop()
    expect(code).toBe(0)
    expect(server.output().stdout).toContain('usage: gridcase-server [--demo] [--seed]')
    expect(existsSync(dataDir)).toBe(false)
  }, 60_000)

  it('an unknown flag is named, exit 2, nothing started (found in review: ignored, and the server started)', async () => {
    const dataDir = join(dir, 'typo')
    const server = spawnServer(['--dmeo'], { DATA_DIR: dataDir })
    const code = await Promise.race([server.exited, server.listening.then(() => 'listening')])
    if (code === 'listening') await server.stop()
    expect(code).toBe(2)
    expect(server.output().stderr).toContain("'--dmeo'")
    expect(existsSync(dataDir)).toBe(false)
  }, 60_000)
})
