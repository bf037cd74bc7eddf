import { Writable } from 'node:stream'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventStore, NewEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { verifyLog } from '@gridcase/core/audit'
import { csvField, csvRow, exportLog, memoryEventStore, parseCsv, readCsv, readNdjson, sqliteEventStore, verifyStore } from '@gridcase/adapters'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'

const operator: Actor = { id: 'op-7', role: 'hotline-operator', jurisdiction: 'hohhot/saihan', name: '赵, "小" 四' }
const event = (type: string, data: unknown, at: string): NewEvent => ({
  type,
  schemaVersion: 1,
  data,
  metadata: { commandId: `cmd-${type}-${at}`, correlationId: 'corr-1', causationId: `cmd-${type}-${at}`, actor: operator, occurredAt: at },
})

/** Awkward text on purpose: commas, quotes, line breaks, Chinese, leading spaces. */
const awkward = [
  event('ComplaintRegistered', { title: '楼上漏水, 多次沟通无果', detail: '他说:"明天修"\n结果没来\r\n再问', complainant: { name: '李四', phone: '13912345678' } }, '2026-03-01T09:00:00+08:00'),
  event('ComplaintRejected', { reason: ' 不属于受理范围，请"转"法院 ' }, '2026-03-01T10:00:00+08:00'),
  event('Noted', undefined, '2026-03-01T11:00:00+08:00'),
]

const fill = async (store: EventStore) => {
  await store.appendToStream('complaint-1', awkward.slice(0, 2), { expectedVersion: 'no-stream' })
  await store.appendToStream('complaint-2', [awkward[0] as NewEvent], { expectedVersion: 'no-stream' })
  await store.appendToStream('complaint-1', [awkward[2] as NewEvent], { expectedVersion: 1 })
}

/** A writable that keeps what it is given, accepting slowly so the exporter has to wait for 'drain'. */
const sink = () => {
  const chunks: string[] = []
  let drains = 0
  const out = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'))
      setImmediate(done)
    },
  })
  out.on('drain', () => (drains += 1))
  return { out, text: () => chunks.join(''), chunks, drains: () => drains }
}

describe('CSV quoting', () => {
  it('quotes commas, quotes, line breaks and edge spaces, and leaves plain Chinese text alone', () => {
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('他说"好"')).toBe('"他说""好"""')
    expect(csvField('第一行\n第二行')).toBe('"第一行\n第二行"')
    expect(csvField(' 前导空格')).toBe('" 前导空格"')
    expect(csvField('物业纠纷')).toBe('物业纠纷')
    expect(csvRow(['1', 'a,b', ''])).toBe('1,"a,b",\r\n')
  })

  it('parsing what csvRow wrote gives back the same fields, whatever the text', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '张', '诉', '😀', 'x') })
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (records) => {
        // A record of one empty field is an empty line, which CSV cannot tell from no record at all.
        fc.pre(records.every((r) => r.length > 1 || r[0] !== ''))
        expect(parseCsv(records.map(csvRow).join(''))).toEqual(records)
      }),
    )
  })

  it('refuses a quoted field that never ends', () => {
    expect(() => parseCsv('a,"open\n')).toThrow(/quoted field/)
  })
})

const dir = mkdtempSync(join(tmpdir(), 'gridcase-audit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.each<[string, () => EventStore]>([
  ['memory store', () => memoryEventStore()],
  ['SQLite store', () => sqliteEventStore({ path: join(dir, `export-${Math.random().toString(36).slice(2)}.db`) })],
])('exportLog from the %s', (_name, makeStore) => {
  it('round-trips the log through NDJSON, page by page, waiting for a slow reader', async () => {
    const store = makeStore()
    await fill(store)
    const { out, text, drains } = sink()
    expect(await exportLog(store, out, { format: 'ndjson', pageSize: 2 })).toBe(4)
    const back = readNdjson(text())
    expect(back).toEqual(E.right(await store.readAll()))
    expect(E.isRight(back) && verifyLog(back.right).ok).toBe(true)
    expect(drains()).toBeGreaterThan(0)
    await store.close()
  })

  it('round-trips the log through CSV, with a BOM and a header', async () => {
    const store = makeStore()
    await fill(store)
    const { out, text } = sink()
    const progress: number[] = []
    await exportLog(store, out, { format: 'csv', pageSize: 3, onProgress: (p) => progress.push(p.exported) })
    expect(text().startsWith('\ufeffposition,stream_id,version')).toBe(true)
    expect(progress).toEqual([3, 4])
    const back = readCsv(text())
    expect(back).toEqual(E.right(await store.readAll()))
    expect(E.isRight(back) && verifyLog(back.right).ok).toBe(true)
    const reasonColumn = parseCsv(text()).map((r) => r[14])
    expect(reasonColumn).toEqual(['reason', '', ' 不属于受理范围，请"转"法院 ', '', ''])
    await store.close()
  })
})

describe('reading an export back', () => {
  it('names the line and field of a bad NDJSON record', () => {
    const result = readNdjson('{"eventId":"e"}\n')
    expect(E.isLeft(result) && result.left.code === 'validation' && result.left.errors[0]?.path).toBe('line 1: streamId')
  })
  it('refuses a CSV that is not an export', () => {
    expect(E.isLeft(readCsv('a,b\r\n1,2\r\n'))).toBe(true)
  })
})

describe('verifyStore', () => {
  it('finds an event altered in the SQLite file at its own link', async () => {
    const path = join(dir, 'tampered.db')
    const store = sqliteEventStore({ path })
    await fill(store)
    expect((await verifyStore(store)).ok).toBe(true)
    const db = new Database(path)
    db.prepare('UPDATE events SET data = ? WHERE position = 1').run(JSON.stringify({ reason: '已受理' }))
    db.close()
    const result = await verifyStore(store, { pageSize: 1 })
    expect(result).toMatchObject({ ok: false, events: 4, streams: 2 })
    expect(result.firstBrokenLink).toMatchObject({ streamId: 'complaint-1', version: 1, position: 1, reason: 'hash-mismatch' })
    await store.close()
  })
})
