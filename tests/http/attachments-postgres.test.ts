// With DATABASE_URL the attachments live in PostgreSQL beside the log (bytea): two real servers over one schema,
// no shared DATA_DIR — a file uploaded to one is served by the other to whoever may read the case naming it, and
// the other's verify re-hashes it from the database.
import { runAttachmentsCli } from '@gridcase/adapters'
import type { RunningServer } from '@gridcase/http'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { expect, it } from 'vitest'
import { describePostgres, postgresUrl } from '../postgres/database.js'
import { postgresServers } from './helpers/postgresServers.js'

describePostgres('attachments on the PostgreSQL store', () => {
  const servers = postgresServers('attachments-pg', 'pg-attachments-secret-pg-attachments!')

  const as = (server: RunningServer, role: string) => ({ authorization: `Bearer ${server.demoTokens[role]}` })

  it('uploaded to one server, named by a case, fetched from the other; altered in the database, reported by verify', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2048)])
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const up = await fetch(`${servers.a.url}/api/v1/attachments`, { method: 'POST', headers: { ...as(servers.a, 'resident'), 'content-type': 'image/jpeg' }, body: bytes })
    expect(up.status).toBe(201)
    // Not on disk: in the database.
    expect(servers.dirs.every((d) => !existsSync(join(d, 'attachments')) || readdirSync(join(d, 'attachments')).length === 0)).toBe(true)
    const registered = await fetch(`${servers.a.url}/api/v1/complaints`, {
      method: 'POST',
      headers: { ...as(servers.a, 'resident'), 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: 'mini-program',
        kind: 'complaint',
        category: 'heating',
        title: '暖气不热',
        description: '照片见附件',
        jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017',
        attachments: [{ sha256, kind: 'photo' }],
      }),
    })
    expect(registered.status).toBe(201)
    const fetched = await fetch(`${servers.b.url}/api/v1/attachments/${sha256}`, { headers: as(servers.b, 'community-worker') })
    expect(fetched.status).toBe(200)
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true)

    const client = new pg.Client({ connectionString: postgresUrl() })
    await client.connect()
    await client.query(`UPDATE ${pg.escapeIdentifier(servers.schema)}.attachments SET content = $2 WHERE sha256 = $1`, [sha256, randomBytes(16)])
    await client.end()
    const verify = (await (await fetch(`${servers.b.url}/api/v1/audit/verify`, { headers: as(servers.b, 'auditor') })).json()) as { ok: boolean; attachments: { findings: { sha256: string; problem: string }[] } }
    expect(verify.ok).toBe(false)
    expect(verify.attachments.findings).toEqual([expect.objectContaining({ sha256, problem: 'altered' })])

    // An upload no case names goes after the grace period (`gridcase attachments gc --database-url`); the named one stays.
    const orphan = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(64)])
    const orphanSha = createHash('sha256').update(orphan).digest('hex')
    expect((await fetch(`${servers.a.url}/api/v1/attachments`, { method: 'POST', headers: { ...as(servers.a, 'resident'), 'content-type': 'application/pdf' }, body: orphan })).status).toBe(201)
    let out = ''
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, now: () => Date.now() + 8 * 86_400_000 }
    expect(await runAttachmentsCli(['gc', '--database-url', postgresUrl(), '--schema', servers.schema, '--db', join(servers.dirs[0] ?? '', 'gridcase.sqlite')], io)).toBe(0)
    expect(out).toContain(orphanSha)
    expect((await fetch(`${servers.a.url}/api/v1/attachments/${orphanSha}`, { headers: as(servers.a, 'resident') })).status).toBe(404)
    expect((await fetch(`${servers.b.url}/api/v1/attachments/${sha256}`, { headers: as(servers.b, 'resident') })).status).toBe(200)
  })

  it('a photo the complainant adds to its complaint in hand (supplement), on one server, is fetched by the handling unit from the other', async () => {
    const post = async (server: RunningServer, role: string, path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { ...as(server, role), 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const registered = await post(servers.a, 'resident', '/api/v1/complaints', {
      channel: 'mini-program', kind: 'complaint', category: 'heating', title: '暖气不热', description: '家里只有 15 度',
      jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017',
    })
    expect(registered.status).toBe(201)
    const id = ((await registered.json()) as { id: string }).id
    const community = { id: 'xinhua-community', level: 'community', jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community' }
    for (const [role, command, body] of [['hotline-operator', 'accept', {}], ['hotline-operator', 'dispatch', { unit: community }], ['community-worker', 'acknowledge', {}]] as const) {
      expect((await post(servers.a, role, `/api/v1/complaints/${id}/${command}`, body)).status).toBe(200)
    }
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1024)])
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    expect((await fetch(`${servers.a.url}/api/v1/attachments`, { method: 'POST', headers: { ...as(servers.a, 'resident'), 'content-type': 'image/jpeg' }, body: bytes })).status).toBe(201)
    expect((await fetch(`${servers.b.url}/api/v1/attachments/${sha256}`, { headers: as(servers.b, 'community-worker') })).status).toBe(404)
    const added = await post(servers.a, 'resident', `/api/v1/complaints/${id}/supplement`, { text: '补充照片', attachments: [{ sha256, kind: 'photo' }] })
    expect(added.status, await added.clone().text()).toBe(200)
    const fetched = await fetch(`${servers.b.url}/api/v1/attachments/${sha256}`, { headers: as(servers.b, 'community-worker') })
    expect(fetched.status).toBe(200)
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true)
  })
})
