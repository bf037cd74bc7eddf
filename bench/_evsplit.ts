import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateHeadKey, headSigner, sealedSqliteStore, sqliteEventStore, sqliteTreeHeads, systemClock, treeLog } from '@gridcase/adapters'
import * as E from 'fp-ts/lib/Either.js'
import { sampleEvent } from './sampleEvent.js'
const mode = process.argv[2] ?? 'plain'
const every = 8
const dir = mkdtempSync(join(tmpdir(), 'evsplit-'))
const path = join(dir, 'x.sqlite')
const store = mode.includes('seal') ? sealedSqliteStore({ path, synchronous: 'normal' }) : sqliteEventStore({ path, synchronous: 'normal' })
const heads = sqliteTreeHeads({ path })
const k = generateHeadKey()
const tree = mode.includes('tree') ? treeLog({ store, heads, signer: headSigner(k.privateKeyPem), clock: systemClock, everyEvents: 1000 }) : undefined
await tree?.start()
const ev = (n: number) => n % every !== 0 ? sampleEvent(n) : { ...sampleEvent(n), type: 'ComplaintRegistered', data: { channel: 'hotline-12345', kind: 'help', category: 'lighting', title: '路灯不亮', description: 'x', jurisdiction: 'hohhot/saihan', address: '新华小区7号楼3单元502', complainant: { name: '欧阳淑芬', phone: '13904719876', idNumber: '150102199001011230' }, n } }
let n = 0, last = -1
const round = async (count: number) => { for (let i = 0; i < count; i++) { const r = await store.appendToStream(`complaint-${i % 200}`, Array.from({ length: 100 }, () => ev(n++)), { expectedVersion: 'any' }); if (E.isRight(r)) last = r.right.lastPosition } ; await tree?.waitFor(last) }
await round(200)
const cpu = process.cpuUsage(); const n0 = n
await round(600)
const u = process.cpuUsage(cpu)
console.log(mode, 'cpu us/event', ((u.user + u.system) / (n - n0)).toFixed(1))
await tree?.stop(); heads.close(); await store.close()
