// A new stream's subjects get their keys without the key table being asked (`freshStream`): the lookup always missed,
// and was most of what sealing a new case's registration cost. What the table may hold for such a subject after all (a
// key an older build stored before its append failed, an erased subject) is still found: the commit refuses the new key
// and the append is sealed again, asking the table.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventStore, NewEvent } from '@gridcase/core'
import { afterAll, describe, expect, it } from 'vitest'
import { sealedSqliteStore } from './erasure.js'
import { sqliteSubjectKeys } from './subjectKeys.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-fresh-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const newPath = () => join(dir, `f${(files += 1)}.sqlite`)

const meta = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'op', role: 'hotline-operator' as const, jurisdiction: 'hohhot' }, occurredAt: '2026-01-01T00:00:00Z' }
const registered = (name: string): NewEvent => ({ type: 'ComplaintRegistered', schemaVersion: 1, data: { category: 'noise', jurisdiction: 'hohhot', complainant: { name, phone: '13912345678' } }, metadata: meta })
const nameOf = async (store: EventStore, streamId: string, i = 0) => ((await store.readStream(streamId))[i]?.data as { complainant?: { name?: string } } | undefined)?.complainant?.name

describe('a new stream’s subject keys', () => {
  it('the key store makes a fresh stream’s subject a new key without asking the table; any other subject is looked up', () => {
    const path = newPath()
    // A key stored on its own, as an older build did before appending (and left behind when that append failed).
    const older = sqliteSubjectKeys(path)
    const stored = older.keyOf('complaint-1#complainant', true) as Buffer
    older.keyOf('complaint-2#complainant', true)
    older.close()
    const keys = sqliteSubjectKeys(path, { keysWithEvents: true })
    keys.freshStream('complaint-1')
    const made = keys.keyOf('complaint-1#complainant', true) as Buffer
    // Not the stored key: the table was not asked (it is, for a stream that is not fresh and for a reader).
    expect(made.equals(stored)).toBe(false)
    expect((keys.keyOf('complaint-2#complainant', true) as Buffer).length).toBe(32)
    // The new key to store; complaint-2's stored key too, for the commit to hold to the table (not destroyed meanwhile).
    expect(keys.takeCarried().map((r) => r.subjectId)).toEqual(['complaint-1#complainant', 'complaint-2#complainant'])
    // A stream id that only starts like the fresh one is not it.
    expect(keys.keyOf('complaint-10#complainant', false)).toBeUndefined()
    keys.freshStream(undefined)
    keys.close()
  })

  it('a registration of a new case whose subject has a key left in the table is sealed under that key (the commit refuses the new one, the append seals again)', async () => {
    const path = newPath()
    sealedSqliteStore({ path }).close()
    const older = sqliteSubjectKeys(path)
    const stored = older.keyOf('complaint-1#complainant', true) as Buffer
    older.close()
    const store = sealedSqliteStore({ path })
    const outcome = await store.appendToStream('complaint-1', [registered('张三')], { expectedVersion: 'no-stream' })
    expect(outcome._tag).toBe('Right')
    expect(await nameOf(store, 'complaint-1')).toBe('张三')
    await store.close()
    // Sealed under the key left there (what a reader with the table's key opens), not under one made and refused.
    const reader = sqliteSubjectKeys(path, { readonly: true })
    expect((reader.keyOf('complaint-1#complainant', false) as Buffer).equals(stored)).toBe(true)
    reader.close()
    const again = sealedSqliteStore({ path })
    expect(await nameOf(again, 'complaint-1')).toBe('张三')
    await again.close()
  })

  it('a new case whose subject was erased is refused as before: nothing is sealed under a new key for it', async () => {
    const path = newPath()
    sealedSqliteStore({ path }).close()
    const older = sqliteSubjectKeys(path)
    older.keyOf('complaint-1#complainant', true)
    older.destroy('complaint-1#complainant', '2026-01-01T00:00:00Z')
    older.close()
    const store = sealedSqliteStore({ path })
    await expect(store.appendToStream('complaint-1', [registered('张三')], { expectedVersion: 'no-stream' })).rejects.toThrow(/was erased: nothing more is written/)
    expect(await store.readStream('complaint-1')).toEqual([])
    await store.close()
  })

  it('an append that expects no stream where there is one is refused, and forgets the key it made: the next append seals under the stored key', async () => {
    const path = newPath()
    const store = sealedSqliteStore({ path })
    expect((await store.appendToStream('complaint-1', [registered('张三')], { expectedVersion: 'no-stream' }))._tag).toBe('Right')
    // Another store (another process) on the same file: it has no key of complaint-1 in memory.
    const other = sealedSqliteStore({ path })
    const refused = await other.appendToStream('complaint-1', [registered('李四')], { expectedVersion: 'no-stream' })
    expect(refused._tag).toBe('Left')
    const next = await other.appendToStream('complaint-1', [registered('王五')], { expectedVersion: 'any' })
    expect(next._tag).toBe('Right')
    expect(await nameOf(other, 'complaint-1', 0)).toBe('张三')
    expect(await nameOf(other, 'complaint-1', 1)).toBe('王五')
    await other.close()
    await store.close()
  })

  it('a key made for a fresh stream without asking the table is not used by anything else before the table is asked: a read or another append gets the stored key', () => {
    const path = newPath()
    const older = sqliteSubjectKeys(path)
    const stored = older.keyOf('complaint-1#complainant', true) as Buffer
    older.close()
    const keys = sqliteSubjectKeys(path, { keysWithEvents: true })
    keys.freshStream('complaint-1')
    const made = keys.keyOf('complaint-1#complainant', true) as Buffer
    // The same fresh stream's sealing shares it.
    expect(keys.keyOf('complaint-1#complainant', true)).toBe(made)
    keys.freshStream(undefined)
    expect(keys.takeCarried().map((r) => r.subjectId)).toEqual(['complaint-1#complainant'])
    // While that append is in flight: a read opens with the stored key, an append that does not expect a new stream seals
    // under it (and carries it, for its commit to hold to the table).
    expect((keys.keyOf('complaint-1#complainant', false) as Buffer).equals(stored)).toBe(true)
    expect((keys.keyOf('complaint-1#complainant', true) as Buffer).equals(stored)).toBe(true)
    expect(keys.takeCarried()).toEqual([{ subjectId: 'complaint-1#complainant', key: stored }])
    keys.close()
  })

  it('an append expecting any version, sent while one expecting no stream is in flight on the same new stream whose subject has a key left in the table, commits under that key', async () => {
    for (const writer of ['main', 'thread'] as const) {
      const path = newPath()
      sealedSqliteStore({ path }).close()
      const older = sqliteSubjectKeys(path)
      const stored = older.keyOf('complaint-1#complainant', true) as Buffer
      older.close()
      const store = sealedSqliteStore({ path, writer })
      const fresh = store.appendToStream('complaint-1', [registered('张三')], { expectedVersion: 'no-stream' })
      const any = store.appendToStream('complaint-1', [registered('李四')], { expectedVersion: 'any' })
      const [first, second] = await Promise.all([fresh, any])
      // Exactly one of them is the stream's first event; the other follows it (any) or is refused for its version (no-stream).
      expect(second._tag).toBe('Right')
      const names = (await store.readStream('complaint-1')).map((e) => (e.data as { complainant: { name: string } }).complainant.name)
      expect(names).toEqual(first._tag === 'Right' ? ['张三', '李四'] : ['李四'])
      await store.close()
      const reader = sqliteSubjectKeys(path, { readonly: true })
      expect((reader.keyOf('complaint-1#complainant', false) as Buffer).equals(stored)).toBe(true)
      reader.close()
      const again = sealedSqliteStore({ path })
      expect(await nameOf(again, 'complaint-1', names.length - 1)).toBe('李四')
      await again.close()
    }
  })
})
