// `gridcase token`, spawned as an operator runs it: a token minted with the configured secret that the server accepts.
import { ROLES } from '@gridcase/core/access'
import { jwtAuth } from '@gridcase/http'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { gridcaseBin } from './helpers/gridcaseBin.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const SECRET = 'operator-secret-operator-secret-operator'

const gridcase = (env: Record<string, string>, ...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      gridcaseBin()[0],
      [...gridcaseBin()[1], 'token', ...args],
      { cwd: root, env: { PATH: process.env['PATH'] ?? '', ...env } },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    )
  })

describe('gridcase token', () => {
  it('mints an HS256 token with GRIDCASE_JWT_SECRET that the server verifies as the actor named', async () => {
    const minted = await gridcase({ GRIDCASE_JWT_SECRET: SECRET, GRIDCASE_JWT_ISSUER: 'gridcase-ops' }, '--sub', 'med-007', '--role', 'mediator', '--jurisdiction', 'hohhot/saihan', '--track', 'people', '--expires-in', '2h')
    expect(minted.code).toBe(0)
    const token = minted.stdout.trim()
    expect(await jwtAuth({ secret: SECRET, issuer: 'gridcase-ops' }).verify(token)).toEqual({
      _tag: 'Right',
      right: { id: 'med-007', role: 'mediator', jurisdiction: 'hohhot/saihan', track: 'people' },
    })
    expect((await jwtAuth({ secret: `${SECRET}-other` }).verify(token))._tag).toBe('Left')
  }, 60_000)

  it('--help names every role a token may carry, as --role takes them', async () => {
    // Found by a newcomer: the usage listed ten roles and left out court-clerk and centre-officer, which --role takes.
    const help = await gridcase({}, '--help')
    expect(help.code).toBe(0)
    const roleLines = /^ +--role <role> +([\s\S]*?)\(required\)/m.exec(help.stdout)?.[1]?.replace(/\s+/g, ' ') ?? ''
    const listed = roleLines.split(/,| or /).map((r) => r.trim()).filter((r) => r !== '')
    expect(listed).toEqual([...ROLES])
    const clerk = await gridcase({ GRIDCASE_JWT_SECRET: SECRET }, '--sub', 'clerk-1', '--role', 'court-clerk', '--jurisdiction', 'hohhot/saihan', '--court', '赛罕区人民法院')
    expect(await jwtAuth({ secret: SECRET }).verify(clerk.stdout.trim())).toMatchObject({ _tag: 'Right', right: { role: 'court-clerk', court: '赛罕区人民法院' } })
  }, 60_000)

  it('refuses without a secret, with a bad role, or beyond the maximum lifetime — and prints no token', async () => {
    const noSecret = await gridcase({}, '--sub', 'x', '--role', 'admin', '--jurisdiction', 'hohhot')
    expect([noSecret.code, noSecret.stdout]).toEqual([2, ''])
    expect(noSecret.stderr).toContain('GRIDCASE_JWT_SECRET')
    const badRole = await gridcase({ GRIDCASE_JWT_SECRET: SECRET }, '--sub', 'x', '--role', 'emperor', '--jurisdiction', 'hohhot')
    expect([badRole.code, badRole.stdout]).toEqual([2, ''])
    expect(badRole.stderr).toContain('--role')
    const tooLong = await gridcase({ GRIDCASE_JWT_SECRET: SECRET, GRIDCASE_JWT_MAX_LIFETIME: '1h' }, '--sub', 'x', '--role', 'admin', '--jurisdiction', 'hohhot', '--expires-in', '2h')
    expect([tooLong.code, tooLong.stdout]).toEqual([2, ''])
    expect(tooLong.stderr).toContain('at most 3600 s')
  }, 60_000)
})
