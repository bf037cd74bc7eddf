import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as crypto from 'node:crypto'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { aesGcmFieldCipher, sqliteSubjectKeys } from './subjectKeys.js'

// createSecretKey counted (and still made): how many keys the cipher turned into KeyObjects.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  return { ...actual, createSecretKey: vi.fn(actual.createSecretKey) }
})

const dir = mkdtempSync(join(tmpdir(), 'gridcase-keyobject-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('AES-256-GCM: which keys are made KeyObjects', () => {
  it('a key sealed under once (a new case) is passed raw; a run of seals under one key makes it a KeyObject once; all open', () => {
    const made = vi.mocked(crypto.createSecretKey)
    const keys = sqliteSubjectKeys(join(dir, 'k.sqlite'), { keysWithEvents: true })
    const cipher = aesGcmFieldCipher(keys)
    made.mockClear()
    // Ten new cases, one seal each: no KeyObject (each was one per key before, and kept in a WeakMap).
    const once = Array.from({ length: 10 }, (_, i) => ({ subject: `complaint-${i}#complainant`, text: `张三${i}` }))
    const sealedOnce = once.map(({ subject, text }) => cipher.seal(subject, text))
    expect(made).toHaveBeenCalledTimes(0)
    // A run under one key: made once, at the second seal, and used for the rest of the run.
    const run = Array.from({ length: 5 }, (_, i) => cipher.seal('complaint-run#complainant', `李四${i}`))
    expect(made).toHaveBeenCalledTimes(1)
    // Two subjects taking turns (a referral: the complainant and the respondents): each seal passes its key raw.
    const turns = Array.from({ length: 6 }, (_, i) => {
      const subject = i % 2 === 0 ? 'complaint-ref#complainant' : 'complaint-ref#respondents'
      return { subject, text: `王五${i}`, sealed: cipher.seal(subject, `王五${i}`) }
    })
    expect(made).toHaveBeenCalledTimes(1)
    // Whichever way each was sealed, each opens under its own subject only.
    once.forEach(({ subject, text }, i) => expect(cipher.open(subject, sealedOnce[i] as string)).toBe(text))
    run.forEach((sealed, i) => expect(cipher.open('complaint-run#complainant', sealed)).toBe(`李四${i}`))
    for (const { subject, text, sealed } of turns) expect(cipher.open(subject, sealed)).toBe(text)
    expect(() => cipher.open('complaint-0#complainant', run[0] as string)).toThrow()
    // Back to the run's subject after others: its key is raw again until used twice in a row.
    const again = cipher.seal('complaint-run#complainant', '李四again')
    expect(cipher.open('complaint-run#complainant', again)).toBe('李四again')
    keys.close()
  })

  it('drops the key it sealed under last once it is told of an erasure: a KeyObject is made afresh for the next run', () => {
    const made = vi.mocked(crypto.createSecretKey)
    const keys = sqliteSubjectKeys(join(dir, 'e.sqlite'))
    const cipher = aesGcmFieldCipher(keys)
    made.mockClear()
    cipher.seal('complaint-1#complainant', 'a')
    cipher.seal('complaint-1#complainant', 'b')
    expect(made).toHaveBeenCalledTimes(1)
    // No erasure: the KeyObject is kept through a read's question and used again.
    cipher.erasures?.()
    cipher.seal('complaint-1#complainant', 'c')
    expect(made).toHaveBeenCalledTimes(1)
    // An erasure (of another subject here): what the cipher held is dropped, so the run starts over (raw, then made).
    keys.destroy('complaint-2#complainant', '2026-01-01T00:00:00Z')
    cipher.erasures?.()
    const raw = cipher.seal('complaint-1#complainant', 'd')
    expect(made).toHaveBeenCalledTimes(1)
    const again = cipher.seal('complaint-1#complainant', 'e')
    expect(made).toHaveBeenCalledTimes(2)
    expect(cipher.open('complaint-1#complainant', raw)).toBe('d')
    expect(cipher.open('complaint-1#complainant', again)).toBe('e')
    keys.close()
  })
})
