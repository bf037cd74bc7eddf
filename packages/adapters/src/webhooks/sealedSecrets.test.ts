import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { clearSecrets, generateWebhookSecretsKey, isSealedSecret, secretSealer, webhookSecretsFor, WEBHOOK_SECRETS_KEY_FILE } from './sealedSecrets.js'
import { newWebhookSecret } from './secret.js'
import { isCurrentSecret, sameSecret, sqliteWebhookStore } from './store.js'
import { WebhookSecret } from './subscription.js'

const key = () => Buffer.from(generateWebhookSecretsKey(), 'base64')

describe('webhook signing secrets sealed at rest (AES-256-GCM, a key outside the database)', () => {
  it('seals a secret so the stored text does not hold it, and opens it again for its own subscription only', () => {
    const sealer = secretSealer(key())
    const secret = newWebhookSecret()
    const stored = sealer.seal('sub-1', secret)
    expect(isSealedSecret(stored)).toBe(true)
    expect(stored).not.toContain(secret.slice(6))
    expect(sealer.open('sub-1', stored)).toBe(secret)
    // Two seals of one secret differ (a fresh IV each).
    expect(sealer.seal('sub-1', secret)).not.toBe(stored)
    // Bound to the subscription: moved to another row, it does not open.
    expect(() => sealer.open('sub-2', stored)).toThrow(/does not open with the configured key/)
    // Another key does not open it; nor does no key.
    expect(() => secretSealer(key()).open('sub-1', stored)).toThrow(/does not open/)
    expect(() => clearSecrets.open('sub-1', stored)).toThrow(/sealed and no GRIDCASE_WEBHOOK_SECRETS_KEY/)
    // A secret kept in clear before a key was configured is read as it is.
    expect(sealer.open('sub-1', secret)).toBe(secret)
  })

  it('refuses a key that is not 32 bytes', () => {
    expect(() => secretSealer(Buffer.alloc(16))).toThrow(/32 bytes/)
  })

  describe('which key (webhookSecretsFor)', () => {
    const dirs: string[] = []
    afterEach(() => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
    })
    const dir = () => {
      const d = mkdtempSync(join(tmpdir(), 'gridcase-secrets-'))
      dirs.push(d)
      return d
    }
    it('the configured key (env, then file); else the file beside the data; else a new one there when asked (0600); else none', () => {
      const d = dir()
      const k = generateWebhookSecretsKey()
      const fromEnv = webhookSecretsFor({ GRIDCASE_WEBHOOK_SECRETS_KEY: k }, d, { generate: false })
      expect(fromEnv.source).toBe('GRIDCASE_WEBHOOK_SECRETS_KEY')
      const file = join(d, 'my.key')
      writeFileSync(file, `${k}\n`)
      const fromFile = webhookSecretsFor({ GRIDCASE_WEBHOOK_SECRETS_KEY_FILE: file }, d, { generate: false })
      // The same key either way: what one sealed the other opens.
      expect(fromFile.secrets.open('s', fromEnv.secrets.seal('s', 'whsec_x'))).toBe('whsec_x')
      expect(webhookSecretsFor({}, d, { generate: false })).toMatchObject({ source: 'none', secrets: { sealing: false } })
      const made = webhookSecretsFor({}, d, { generate: true })
      expect(made.source).toBe(join(d, WEBHOOK_SECRETS_KEY_FILE))
      expect(statSync(made.source).mode & 0o777).toBe(0o600)
      // Found again by the next start, and by `gridcase processes` (which never makes one).
      const again = webhookSecretsFor({}, d, { generate: false })
      expect(again.secrets.open('s', made.secrets.seal('s', 'whsec_y'))).toBe('whsec_y')
      expect(readFileSync(made.source, 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    })
    it('names the variable of a bad key', () => {
      expect(() => webhookSecretsFor({ GRIDCASE_WEBHOOK_SECRETS_KEY: 'short' }, dir(), { generate: false })).toThrow(/^GRIDCASE_WEBHOOK_SECRETS_KEY: expected 32 bytes in base64/)
      expect(() => webhookSecretsFor({ GRIDCASE_WEBHOOK_SECRETS_KEY_FILE: '/nonexistent/key' }, dir(), { generate: false })).toThrow(/^GRIDCASE_WEBHOOK_SECRETS_KEY_FILE: no key at/)
    })
  })
})

describe('the SQLite outbox keeps secrets sealed', () => {
  it('stores the sealed text, and gives the secret back to the route and to the dispatcher', async () => {
    const db = new Database(':memory:')
    const sealer = secretSealer(key())
    const store = sqliteWebhookStore(db, { secrets: sealer })
    const secret = newWebhookSecret()
    await store.create({ id: 's1', url: 'https://hooks.example.org/x', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret, createdAt: '2026-03-02T00:00:00Z', createdBy: 'admin-1', logPosition: -1 })
    const raw = (db.prepare("SELECT secret FROM webhook_subscriptions WHERE id = 's1'").get() as { secret: string }).secret
    expect(isSealedSecret(raw)).toBe(true)
    expect(raw).not.toContain(secret.slice(6))
    expect(await store.secret('s1')).toBe(secret)
    await store.enqueue({ position: 0, streamId: 'complaint-x', eventId: 'e0', eventType: 'ComplaintRegistered', caseType: 'complaint', caseId: 'x', jurisdiction: 'hohhot/a', nowMs: 0, deliveryId: (s) => `${s}:0` }, () => true)
    expect((await store.due(1, 10)).map((d) => d.secret)).toEqual([secret])
    // The file alone (a backup, a copy) with another key — or none — opens nothing.
    await expect(sqliteWebhookStore(db, { secrets: secretSealer(key()) }).secret('s1')).rejects.toThrow(/does not open/)
    await expect(sqliteWebhookStore(db).secret('s1')).rejects.toThrow(/sealed/)
    db.close()
  })

  it('seals the secrets kept in clear before a key was configured, once one is: those of active and disabled subscriptions', async () => {
    const db = new Database(':memory:')
    const before = sqliteWebhookStore(db)
    const [kept, other, gone] = [newWebhookSecret(), newWebhookSecret(), newWebhookSecret()]
    const create = (id: string, secret: string) =>
      before.create({ id, url: `https://hooks.example.org/${id}`, eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret, createdAt: '2026-03-02T00:00:00Z', createdBy: 'admin-1', logPosition: -1 })
    await create('s1', kept)
    await create('s2', other)
    await create('s3', gone)
    await before.remove('s3', 'admin-1', 1)
    // s2's receiver answered 410 Gone: disabled, it keeps its secret (to be enabled again), which is sealed too.
    await before.enqueue({ position: 0, streamId: 'a', eventId: 'e0', eventType: 'ComplaintRegistered', caseType: 'complaint', caseId: 'a', jurisdiction: 'hohhot/x', nowMs: 0, deliveryId: (s) => `${s}:0` }, (s) => s.id === 's2')
    await before.record('s2:0', { outcome: 'failed', atMs: 1, durationMs: 1, statusCode: 410, error: 'HTTP 410' }, undefined, { reason: 'gone' })
    expect(await before.get('s2')).toMatchObject({ status: 'disabled' })
    const raw = (id: string) => (db.prepare('SELECT secret FROM webhook_subscriptions WHERE id = ?').get(id) as { secret: string | null }).secret
    expect(raw('s1')).toBe(kept)
    const sealer = secretSealer(key())
    const after = sqliteWebhookStore(db, { secrets: sealer })
    for (const [id, secret] of [['s1', kept], ['s2', other]] as const) {
      expect(isSealedSecret(raw(id) ?? '')).toBe(true)
      expect(raw(id)).not.toContain(secret.slice(6))
      expect(await after.secret(id)).toBe(secret)
    }
    // A deleted subscription's secret was forgotten: nothing to seal.
    expect(raw('s3')).toBeNull()
    // Opening again changes nothing more (each is sealed once), and without the key nothing opens.
    const sealedText = raw('s1')
    sqliteWebhookStore(db, { secrets: sealer })
    expect(raw('s1')).toBe(sealedText)
    await expect(sqliteWebhookStore(db).secret('s1')).rejects.toThrow(/sealed/)
    db.close()
  })

  it('seals a rotated secret’s predecessor kept in clear (rotated before a key was configured) once a key is, and it still signs', async () => {
    const db = new Database(':memory:')
    const before = sqliteWebhookStore(db)
    const [old, current] = [newWebhookSecret(), newWebhookSecret()]
    await before.create({ id: 's1', url: 'https://hooks.example.org/s1', eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: old, createdAt: '2026-03-02T00:00:00Z', createdBy: 'admin-1', logPosition: -1 })
    await before.rotate('s1', current, 0, 10_000)
    const raw = () => db.prepare("SELECT secret, previous_secret FROM webhook_subscriptions WHERE id = 's1'").get() as { secret: string; previous_secret: string }
    expect(raw()).toEqual({ secret: current, previous_secret: old })
    const after = sqliteWebhookStore(db, { secrets: secretSealer(key()) })
    expect([isSealedSecret(raw().secret), isSealedSecret(raw().previous_secret), raw().previous_secret.includes(old.slice(6))]).toEqual([true, true, false])
    await after.enqueue({ position: 0, streamId: 'a', eventId: 'e0', eventType: 'ComplaintRegistered', caseType: 'complaint', caseId: 'a', jurisdiction: 'hohhot/x', nowMs: 0, deliveryId: (s) => `${s}:0` }, () => true)
    expect((await after.due(1, 10)).map((d) => [d.secret, d.previousSecret])).toEqual([[current, old]])
    db.close()
  })

  it('seals nothing under a key that does not open the secrets already sealed, and says so naming the variable', async () => {
    const db = new Database(':memory:')
    const keyA = secretSealer(key())
    const subscribe = (store: ReturnType<typeof sqliteWebhookStore>, id: string, secret: string) =>
      store.create({ id, url: `https://hooks.example.org/${id}`, eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret, createdAt: '2026-03-02T00:00:00Z', createdBy: 'admin-1', logPosition: -1 })
    const [sealedOne, clearOne] = [newWebhookSecret(), newWebhookSecret()]
    await subscribe(sqliteWebhookStore(db, { secrets: keyA }), 's1', sealedOne)
    // A server started without the key meanwhile kept the next one in clear.
    await subscribe(sqliteWebhookStore(db), 's2', clearOne)
    const raw = (id: string) => (db.prepare('SELECT secret FROM webhook_subscriptions WHERE id = ?').get(id) as { secret: string }).secret
    expect(() => sqliteWebhookStore(db, { secrets: secretSealer(key()) })).toThrow(/^GRIDCASE_WEBHOOK_SECRETS_KEY\(_FILE\) does not open the webhook signing secrets already sealed \(subscription s1\)/)
    expect(raw('s2')).toBe(clearOne)
    // With the key they were sealed under, the clear one is sealed too, and both open.
    const right = sqliteWebhookStore(db, { secrets: keyA })
    expect(isSealedSecret(raw('s2'))).toBe(true)
    expect([await right.secret('s1'), await right.secret('s2')]).toEqual([sealedOne, clearOne])
    db.close()
  })
})

/**
 * Node copies a short string it turns into bytes (Buffer.from, Buffer.concat) into a shared pool slab of 8 KiB, which
 * stays while any other small Buffer cut from it lives, its bytes there until overwritten: a secret's clear bytes left
 * in it outlive their use, in any heap dump or core file. `slabs` are the ones current before and after what is checked.
 */
const slab = (): ArrayBuffer => Buffer.allocUnsafe(1).buffer as ArrayBuffer
const poolHolds = (slabs: readonly ArrayBuffer[], bytes: Buffer): boolean => slabs.some((s) => Buffer.from(s).includes(bytes))
/** The bytes to look for, in a Buffer of their own (never in the pool itself). */
const needle = (text: string, encoding: BufferEncoding): Buffer => {
  const own = Buffer.alloc(Buffer.byteLength(text, encoding))
  own.write(text, encoding)
  return own
}

describe('a webhook secret opened, compared or decoded leaves no clear copy of its bytes in Node’s shared Buffer pool', () => {
  it('the probe sees a secret copied into the pool (so the checks below can fail)', () => {
    const secret = newWebhookSecret()
    const copy = Buffer.from(secret, 'utf8')
    expect(copy.buffer.byteLength).toBe(Buffer.poolSize)
    expect(poolHolds([copy.buffer as ArrayBuffer], needle(secret, 'latin1'))).toBe(true)
  })

  it('open: the secret is given, its clear bytes wiped from the buffers it was decrypted into', () => {
    const sealer = secretSealer(key())
    const secret = newWebhookSecret()
    const stored = sealer.seal('sub-1', secret)
    const before = slab()
    expect(sealer.open('sub-1', stored)).toBe(secret)
    expect(poolHolds([before, slab()], needle(secret, 'latin1'))).toBe(false)
  })

  it('sameSecret: the same text is the same secret; another of the same length, a prefix, or a longer one is not', () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`
    const other = `whsec_${Buffer.alloc(32, 8).toString('base64')}`
    expect([sameSecret(secret, `${secret}`), sameSecret(secret, other), sameSecret(secret, secret.slice(0, -1)), sameSecret(secret, `${secret}=`), sameSecret('', '')]).toEqual([true, false, false, false, true])
  })

  it('isCurrentSecret: the current secret and the one given, compared, are wiped from the buffers compared', () => {
    const sealer = secretSealer(key())
    const [secret, other] = [newWebhookSecret(), newWebhookSecret()]
    const stored = sealer.seal('sub-1', secret)
    const before = slab()
    expect([isCurrentSecret(sealer, 'sub-1', stored, secret), isCurrentSecret(sealer, 'sub-1', stored, other)]).toEqual([true, false])
    expect(poolHolds([before, slab()], needle(secret, 'latin1'))).toBe(false)
    expect(poolHolds([before, slab()], needle(other, 'latin1'))).toBe(false)
  })

  it('WebhookSecret (an admin’s rotate-secret body): the key bytes decoded to check its length are wiped', () => {
    const secret = newWebhookSecret()
    const before = slab()
    expect(WebhookSecret.is(secret) || WebhookSecret.decode(secret)._tag === 'Right').toBe(true)
    expect(poolHolds([before, slab()], needle(secret.slice(6), 'base64'))).toBe(false)
  })
})
