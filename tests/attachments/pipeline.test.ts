// The pipeline checks every hash a command names against the attachment store — after the case's own answer.
import { memoryAttachmentStore, memoryEventStore, newId } from '@gridcase/adapters'
import { execute, type CommandMeta } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { GRID, png, put } from './support.js'

const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const auditor: Actor = { id: 'au-1', role: 'auditor', jurisdiction: 'hohhot' }
const at = '2026-03-02T09:00:00+08:00'
const meta = (actor: Actor, commandId = newId()): CommandMeta => ({ commandId, actor, at })
const registration = (sha256: string) => ({
  channel: 'hotline-12345',
  kind: 'complaint',
  category: 'heating',
  title: '暖气不热',
  description: '—',
  jurisdiction: GRID,
  attachments: [{ sha256, kind: 'photo' }],
})
const UNKNOWN = 'f'.repeat(64)

describe('execute with an attachment store', () => {
  it('a hash the store holds passes; one it does not is unknown-attachment naming the field; nothing is written', async () => {
    const store = memoryEventStore()
    const files = memoryAttachmentStore()
    const held = await put(files, png(), 'image/png')
    expect(E.isRight(await execute(store, complaint, newId(), 'create', registration(held.sha256), meta(operator), { attachments: files }))).toBe(true)
    const refused = await execute(store, complaint, newId(), 'create', registration(UNKNOWN), meta(operator), { attachments: files })
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: 'unknown-attachment', errors: [{ path: 'attachments[0].sha256' }] })
    expect(await store.readAll()).toHaveLength(1)
  })

  it('the case’s own refusal comes first: an auditor may register nothing (forbidden), whatever it names', async () => {
    const refused = await execute(memoryEventStore(), complaint, newId(), 'create', registration(UNKNOWN), meta(auditor), { attachments: memoryAttachmentStore() })
    expect(E.isLeft(refused) && refused.left.code).toBe('forbidden')
  })

  it('a command already applied is replayed, even after its file was collected', async () => {
    const store = memoryEventStore()
    const files = memoryAttachmentStore()
    const held = await put(files, png(), 'image/png')
    const id = newId()
    const first = meta(operator)
    expect(E.isRight(await execute(store, complaint, id, 'create', registration(held.sha256), first, { attachments: files }))).toBe(true)
    await files.remove(held.sha256)
    const again = await execute(store, complaint, id, 'create', registration(held.sha256), first, { attachments: files })
    expect(E.isRight(again) && again.right.replayed).toBe(true)
  })

  it('a held file its actor may not name (mayName) is refused exactly as a hash no upload has, naming the field; nothing is written', async () => {
    const store = memoryEventStore()
    const files = memoryAttachmentStore()
    const held = await put(files, png(), 'image/png')
    const asked: unknown[] = []
    const naming = {
      has: (sha256: string) => files.has(sha256),
      mayName: async (ref: { sha256: string; kind: string }, actor: Actor) => {
        asked.push({ ...ref, actor: actor.id })
        return false
      },
    }
    const refused = await execute(store, complaint, newId(), 'create', registration(held.sha256), meta(operator), { attachments: naming })
    const missing = await execute(store, complaint, newId(), 'create', registration(UNKNOWN), meta(operator), { attachments: naming })
    expect(E.isLeft(refused) && refused.left).toEqual(E.isLeft(missing) && missing.left)
    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: 'unknown-attachment', errors: [{ path: 'attachments[0].sha256', message: 'no uploaded file has this hash' }] })
    // Asked with the kind the command declares and its actor; a hash not held is not asked about.
    expect(asked).toEqual([{ path: 'attachments[0].sha256', sha256: held.sha256, kind: 'photo', actor: 'op-1' }])
    expect(await store.readAll()).toHaveLength(0)
    const allowed = await execute(store, complaint, newId(), 'create', registration(held.sha256), meta(operator), { attachments: { ...naming, mayName: async () => true } })
    expect(E.isRight(allowed)).toBe(true)
  })

  it('without a store (an integrator that keeps no files) nothing is checked', async () => {
    expect(E.isRight(await execute(memoryEventStore(), complaint, newId(), 'create', registration(UNKNOWN), meta(operator)))).toBe(true)
  })
})
