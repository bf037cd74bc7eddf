import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as crypto from 'node:crypto'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { aesGcmFieldCipher, sqliteSubjectKeys } from './subjectKeys.js'

// createSecretKey counted (and still made): whether the cipher turns keys into KeyObjects.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  return { ...actual, createSecretKey: vi.fn(actual.createSecretKey) }
})

const dir = mkdtempSync(join(tmpdir(), 'gridcase-seal-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A sealed value opened by node's decipher directly: base64(iv ‖ ciphertext ‖ tag), the subject id as associated data. */
const openByHand = (key: Buffer, subject: string, sealed: string): string => {
  const bytes = Buffer.from(sealed, 'base64')
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12))
  decipher.setAAD(Buffer.from(subject, 'utf8'))
  decipher.setAuthTag(bytes.subarray(bytes.length - 16))
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8')
}

describe('AES-256-GCM: each value put together in one buffer for every seal', () => {
  it('every value keeps its own IV, text and tag, whatever was sealed after it, and opens on its own (the format as before)', () => {
    const keys = sqliteSubjectKeys(join(dir, 'a.sqlite'))
    const cipher = aesGcmFieldCipher(keys)
    // Long and short texts taking turns: a shorter value written over a longer one's bytes must not take any of them.
    const texts = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? `张三${i}`.repeat(40) : `李${i}`))
    const sealed = texts.map((text, i) => cipher.seal(`complaint-${i % 3}#complainant`, text))
    expect(new Set(sealed.map((s) => Buffer.from(s, 'base64').subarray(0, 12).toString('hex'))).size).toBe(texts.length)
    texts.forEach((text, i) => {
      const subject = `complaint-${i % 3}#complainant`
      const key = keys.keyOf(subject, false) as Buffer
      expect(Buffer.from(sealed[i] as string, 'base64').length).toBe(12 + Buffer.byteLength(text) + 16)
      expect(openByHand(key, subject, sealed[i] as string)).toBe(text)
      expect(cipher.open(subject, sealed[i] as string)).toBe(text)
    })
    keys.close()
  })

  it('a value longer than the buffer (16 KB) is sealed and opens too', () => {
    const keys = sqliteSubjectKeys(join(dir, 'b.sqlite'))
    const cipher = aesGcmFieldCipher(keys)
    // 3 bytes a character: 20,001 bytes, past the buffer; then one that just fits, and one a byte past it.
    for (const text of ['调'.repeat(6667), 'x'.repeat(16 * 1024 - 28), 'x'.repeat(16 * 1024 - 27)]) {
      const sealed = cipher.seal('long#complainant', text)
      expect(Buffer.from(sealed, 'base64').length).toBe(12 + Buffer.byteLength(text) + 16)
      expect(openByHand(keys.keyOf('long#complainant', false) as Buffer, 'long#complainant', sealed)).toBe(text)
    }
    // The buffer is still whole after the long values: a short one right after opens.
    expect(cipher.open('long#complainant', cipher.seal('long#complainant', '王五'))).toBe('王五')
    keys.close()
  })

  it('each value is bound to its own subject, past the ids kept (256): a value moved to another subject does not open', () => {
    const keys = sqliteSubjectKeys(join(dir, 'c.sqlite'))
    const cipher = aesGcmFieldCipher(keys)
    const subjects = Array.from({ length: 300 }, (_, i) => `complaint-${i}#complainant`)
    // Sealed twice round: the second round finds the ids kept cleared (at 256) and made again.
    const sealed = [...subjects, ...subjects].map((subject) => ({ subject, value: cipher.seal(subject, `${subject}的名字`) }))
    for (const { subject, value } of sealed) {
      expect(cipher.open(subject, value)).toBe(`${subject}的名字`)
      // Associated data checked by hand: under the subject's own key, with another subject's id, it does not open.
      expect(() => openByHand(keys.keyOf(subject, false) as Buffer, `${subject}x`, value)).toThrow()
    }
    keys.close()
  })

  it('makes no KeyObject: the raw key is passed for a run of seals under one key as for a single one', () => {
    const made = vi.mocked(crypto.createSecretKey)
    const keys = sqliteSubjectKeys(join(dir, 'd.sqlite'), { keysWithEvents: true })
    const cipher = aesGcmFieldCipher(keys)
    made.mockClear()
    const run = Array.from({ length: 5 }, (_, i) => cipher.seal('complaint-run#complainant', `李四${i}`))
    const turns = Array.from({ length: 6 }, (_, i) => cipher.seal(i % 2 === 0 ? 'complaint-ref#complainant' : 'complaint-ref#respondents', `王五${i}`))
    expect(made).toHaveBeenCalledTimes(0)
    run.forEach((sealed, i) => expect(cipher.open('complaint-run#complainant', sealed)).toBe(`李四${i}`))
    turns.forEach((sealed, i) => expect(cipher.open(i % 2 === 0 ? 'complaint-ref#complainant' : 'complaint-ref#respondents', sealed)).toBe(`王五${i}`))
    keys.close()
  })

  // The one buffer is shared by every cipher of the module (a worker thread has its own module): a seal must neither
  // start putting a value together before what it calls out to has run (the key store's lookup, which may itself seal:
  // a store of keys kept sealed, a cache filled through another cipher), nor take an IV twice across the pool's refill.
  it('a seal made inside another’s key lookup, by another cipher of the module, leaves both values whole', () => {
    const keys = sqliteSubjectKeys(join(dir, 'e.sqlite'))
    const inner = aesGcmFieldCipher(keys)
    const sealedInside: string[] = []
    const sealing: typeof keys = { ...keys, keyOf: (subject, create) => (sealedInside.push(inner.seal('inner#complainant', '赵六'.repeat(30))), keys.keyOf(subject, create)) }
    const outer = aesGcmFieldCipher(sealing)
    const value = outer.seal('outer#complainant', '钱七')
    const [inside] = sealedInside
    expect(openByHand(keys.keyOf('outer#complainant', false) as Buffer, 'outer#complainant', value)).toBe('钱七')
    expect(openByHand(keys.keyOf('inner#complainant', false) as Buffer, 'inner#complainant', inside as string)).toBe('赵六'.repeat(30))
    expect(Buffer.from(value, 'base64').subarray(0, 12).equals(Buffer.from(inside as string, 'base64').subarray(0, 12))).toBe(false)
    keys.close()
  })

  it('no IV is taken twice across the pool’s refill (4,096 a draw): 8,300 values (a whole pool from its first IV to its refill among them, wherever earlier seals left it), each its own IV, each opens', () => {
    const keys = sqliteSubjectKeys(join(dir, 'f.sqlite'))
    const cipher = aesGcmFieldCipher(keys)
    const sealed = Array.from({ length: 8300 }, (_, i) => cipher.seal('refill#complainant', `孙八${i}`))
    expect(new Set(sealed.map((v) => Buffer.from(v, 'base64').subarray(0, 12).toString('hex'))).size).toBe(sealed.length)
    const key = keys.keyOf('refill#complainant', false) as Buffer
    sealed.forEach((v, i) => expect(openByHand(key, 'refill#complainant', v)).toBe(`孙八${i}`))
    keys.close()
  })
})
