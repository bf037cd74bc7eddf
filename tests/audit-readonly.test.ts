// The audit CLI on an auditor's copy: read-only (a 0444 file, checked as an unprivileged user when the
// tests run as root), never a new file for a mistyped path, --mask on every output, and receipts:
// `gridcase audit receipt` saves a signed head, `verify --receipt` checks the log still extends it.
import { execFile, spawn } from 'node:child_process'
import { NOBODY, nobodyCanRunHere, runsAsRoot } from './helpers/nobody.js'
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { generateHeadKey, headSigner, manualClock, sqliteEventStore, sqliteTreeHeads, treeLog } from '@gridcase/adapters'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sampleDrafts } from './support/sampleLog.js'
import { gridcaseBin } from './helpers/gridcaseBin.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'gridcase-ro-'))
// The auditor's own folder (writable: SQLite keeps its -shm index of a WAL file beside the file, even read-only).
chmodSync(dir, 0o777)
const db = join(dir, 'gridcase.sqlite')
const key = generateHeadKey()
const publicKey = join(dir, 'head.pub.pem')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** As root, file modes do not bind: run the CLI as `nobody` so a 0444 file really is read-only to it. */
const asUser = runsAsRoot ? NOBODY : {}
// As root, only where nobody may run the CLI from this repository (see tests/helpers/nobody.ts).
const cannotTest = runsAsRoot && !nobodyCanRunHere()

/** Runs the CLI as `user` (its own process's when {}); a last argument that is an object adds to its environment. */
const gridcaseAs = (user: { readonly uid?: number; readonly gid?: number }) => (...args: (string | Record<string, string>)[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const env = args.filter((a): a is Record<string, string> => typeof a !== 'string')
    execFile(
      gridcaseBin()[0],
      [...gridcaseBin()[1], ...args.filter((a): a is string => typeof a === 'string')],
      { cwd: dir, ...user, env: { ...process.env, HOME: dir, ...Object.assign({}, ...env) } },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    )
  })
/** Runs the CLI (as nobody under root). */
const gridcase = gridcaseAs(asUser)

/** A copy as an auditor gets it: the file alone, mode 0444. */
const readOnlyCopy = (name: string): string => {
  const path = join(dir, name)
  copyFileSync(db, path)
  chmodSync(path, 0o444)
  return path
}

beforeAll(async () => {
  writeFileSync(publicKey, key.publicKeyPem)
  const clock = manualClock('2026-03-02T01:00:00Z')
  const store = sqliteEventStore({ path: db, clock })
  const heads = sqliteTreeHeads({ path: db })
  const tree = treeLog({ store, heads, signer: headSigner(key.privateKeyPem), clock, everyEvents: 10 })
  await tree.start()
  let last = -1
  for (const draft of sampleDrafts({ cases: 12, seed: 7 })) {
    const metadata = { commandId: `${draft.streamId}-${draft.at}`, correlationId: 'corr', causationId: 'corr', actor: draft.actor, occurredAt: draft.at }
    const result = await store.appendToStream(draft.streamId, [{ type: draft.type, schemaVersion: 1, data: draft.data, metadata }], { expectedVersion: 'any' })
    if (E.isRight(result)) last = result.right.lastPosition
  }
  await tree.waitFor(last)
  tree.signNow()
  await tree.stop()
  heads.close()
  await store.close()
}, 60_000)

/**
 * A copy on a read-only medium: the folder 0555 and the file 0444, both root's (the CLI runs as nobody, or as the user
 * running the tests); and a temporary folder of its own, to see that the private copy is gone when the CLI is.
 */
const readOnlyMedium = (name: string): { readonly medium: string; readonly copy: string; readonly temporary: string } => {
  const medium = join(dir, name)
  mkdirSync(medium)
  const copy = join(medium, 'evidence.sqlite')
  copyFileSync(db, copy)
  chmodSync(copy, 0o444)
  chmodSync(medium, 0o555)
  const temporary = join(dir, `${name}-tmp`)
  mkdirSync(temporary)
  chmodSync(temporary, 0o777)
  return { medium, copy, temporary }
}

describe.skipIf(cannotTest)('gridcase audit on a read-only copy', () => {
  it('verify, history, export and receipt run on a 0444 file and leave it byte for byte as it was', async () => {
    const copy = readOnlyCopy('ro.sqlite')
    const before = readFileSync(copy)
    const registered = new Database(copy, { readonly: true }).prepare<[], { stream_id: string }>("SELECT stream_id FROM events WHERE type = 'ComplaintRegistered' LIMIT 1").get()
    const verify = await gridcase('audit', 'verify', '--db', copy)
    expect(verify, verify.stderr).toMatchObject({ code: 0 })
    expect((await gridcase('audit', 'history', registered?.stream_id ?? '', '--version', '0', '--db', copy)).code).toBe(0)
    expect((await gridcase('audit', 'export', '--format', 'ndjson', '--db', copy)).code).toBe(0)
    expect((await gridcase('audit', 'verify', '--db', copy, '--receipt', await receiptOf(copy), '--public-key', publicKey)).code).toBe(0)
    expect(readFileSync(copy).equals(before)).toBe(true)
  }, 60_000)

  it('reads a copy in a folder it may not write (a read-only medium): through a private copy of its own, nothing written beside it, nothing left behind', async () => {
    const { medium, copy, temporary } = readOnlyMedium('medium')
    const run = (...args: string[]) => gridcase(...args, '--db', copy, { TMPDIR: temporary })
    const before = readFileSync(copy)
    try {
      const verify = await run('audit', 'verify')
      expect(verify, verify.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: \d+ events/) })
      const registered = new Database(db, { readonly: true }).prepare<[], { stream_id: string }>("SELECT stream_id FROM events WHERE type = 'ComplaintRegistered' LIMIT 1").get()
      expect(await run('audit', 'history', registered?.stream_id ?? '', '--version', '0', '--mask')).toMatchObject({ code: 0 })
      expect(await run('audit', 'export', '--format', 'csv')).toMatchObject({ code: 0 })
      const receipt = await receiptOf(db)
      const withReceipt = await run('audit', 'verify', '--receipt', receipt, '--public-key', publicKey)
      expect(withReceipt, withReceipt.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('the log extends the receipt') })
      // A temporary folder that cannot be used is an error saying why the copy was needed (found in review: a bare ENOENT).
      const nowhere = await gridcase('audit', 'verify', '--db', copy, { TMPDIR: join(dir, 'no-such-tmp') })
      expect(nowhere.code).not.toBe(0)
      expect(nowhere.stderr).toContain(`cannot read ${copy} read-only here (SQLite needs to create ${copy}-shm beside it), nor copy it to ${join(dir, 'no-such-tmp')}`)
      // rebuild writes read models, beside --db by default: there it cannot, and says where to give them (found by an
      // auditor: "cannot open the SQLite database …/read-models.sqlite: the directory … is not writable", no way on).
      const rebuild = await run('audit', 'rebuild')
      expect(rebuild.code, rebuild.stderr).toBe(3)
      expect(rebuild.stderr).toContain(`${join(medium, 'read-models.sqlite')}`)
      expect(rebuild.stderr).toContain('rebuild writes the read models beside --db unless told: give --read-model <path> in a folder it may write (the log itself is only read)')
      const elsewhere = join(temporary, 'rm.sqlite')
      expect(await run('audit', 'rebuild', '--read-model', elsewhere)).toMatchObject({ code: 0 })
      rmSync(elsewhere, { force: true })
      for (const f of readdirSync(temporary)) rmSync(join(temporary, f), { force: true })
      // Nothing written beside it (no -shm, no -wal), the file byte for byte as it was, no copy left behind.
      expect(readdirSync(medium)).toEqual(['evidence.sqlite'])
      expect(readFileSync(copy).equals(before)).toBe(true)
      expect(readdirSync(temporary)).toEqual([])
    } finally {
      chmodSync(medium, 0o755)
    }
  }, 60_000)

  // Found in review: as root (or any user the modes do not bind: the owner of a 0555 folder with CAP_DAC_OVERRIDE, an
  // operator's sudo), SQLite could create its WAL index beside the file, so it read in place and left `-shm` and `-wal`
  // beside an auditor's 0444 copy in a 0555 folder — beside the log and beside the read-model file alike.
  const runners: [string, { readonly uid?: number; readonly gid?: number }][] = [['the user running the tests', {}], ...(runsAsRoot ? [['nobody', NOBODY] as [string, typeof NOBODY]] : [])]
  it.each(runners)('every audit command, run as %s, on a 0444 log and read-model file in a 0555 folder: succeeds and leaves the folder as it was', async (_who, user) => {
    const run = gridcaseAs(user)
    const { medium, copy, temporary } = readOnlyMedium(`medium-listing-${Object.keys(user).length}`)
    const readModel = join(medium, 'read-models.sqlite')
    try {
      chmodSync(medium, 0o755)
      const built = join(temporary, 'read-models.sqlite')
      expect(await gridcase('audit', 'rebuild', '--db', db, '--read-model', built)).toMatchObject({ code: 0 })
      copyFileSync(built, readModel)
      for (const f of readdirSync(temporary)) rmSync(join(temporary, f), { force: true })
      chmodSync(readModel, 0o444)
      chmodSync(medium, 0o555)
      const listing = readdirSync(medium).sort()
      expect(listing).toEqual(['evidence.sqlite', 'read-models.sqlite'])
      const bytes = listing.map((f) => readFileSync(join(medium, f)))
      const registered = new Database(db, { readonly: true }).prepare<[], { stream_id: string }>("SELECT stream_id FROM events WHERE type = 'ComplaintRegistered' LIMIT 1").get()
      const receipt = join(temporary, 'receipt.json')
      const env = { TMPDIR: temporary }
      for (const args of [
        ['verify'],
        ['verify', '--json'],
        ['history', registered?.stream_id ?? '', '--version', '0'],
        ['export', '--format', 'ndjson'],
        ['export', '--format', 'csv', '--sealed'],
        ['receipt', '--out', receipt, '--public-key', publicKey],
        ['verify', '--receipt', receipt, '--public-key', publicKey],
      ]) {
        const result = await run('audit', ...args, '--db', copy, env)
        expect(result, `${args.join(' ')}: ${result.stderr}`).toMatchObject({ code: 0 })
        expect(readdirSync(medium).sort(), args.join(' ')).toEqual(listing)
      }
      // The read-model file given as --db: said not to be a log (exit 2), and nothing written beside it either.
      for (const args of [['verify'], ['history', 'x'], ['export', '--format', 'csv'], ['receipt', '--out', join(temporary, 'never.json'), '--public-key', publicKey]]) {
        const result = await run('audit', ...args, '--db', readModel, env)
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2)
        expect(result.stderr).toContain(`${readModel} holds no event log`)
        expect(readdirSync(medium).sort(), `${args.join(' ')} --db read-models.sqlite`).toEqual(listing)
      }
      expect(listing.map((f) => readFileSync(join(medium, f)).equals(bytes[listing.indexOf(f)] ?? Buffer.alloc(0)))).toEqual([true, true])
      rmSync(receipt, { force: true })
      expect(readdirSync(temporary)).toEqual([])
    } finally {
      chmodSync(medium, 0o755)
    }
  }, 120_000)

  it('reads a copy that came with its -wal (a server killed, or copied while it ran) on a read-only medium: through the private copy, the WAL\'s events included (found in review: "unable to open database file")', async () => {
    // A log whose last commit is still in its WAL: the store holds the file open (no checkpoint yet) while it is copied.
    const live = join(dir, 'live.sqlite')
    copyFileSync(db, live)
    const store = sqliteEventStore({ path: live, clock: manualClock('2026-03-03T01:00:00Z') })
    const metadata = { commandId: 'in-the-wal', correlationId: 'in-the-wal', causationId: 'in-the-wal', actor: { id: 'u1', role: 'street-officer' as const, jurisdiction: 'hohhot/saihan/street-1' }, occurredAt: '2026-03-03T09:00:00+08:00' }
    const appended = await store.appendToStream('complaint-in-the-wal', [{ type: 'CaseNoteAdded', schemaVersion: 1, data: { text: '在WAL里' }, metadata }], { expectedVersion: 'any' })
    expect(E.isRight(appended)).toBe(true)
    const medium = join(dir, 'medium-wal')
    mkdirSync(medium)
    const copy = join(medium, 'evidence.sqlite')
    copyFileSync(live, copy)
    copyFileSync(`${live}-wal`, `${copy}-wal`)
    await store.close()
    const events = (new Database(live, { readonly: true }).prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n
    for (const file of [copy, `${copy}-wal`]) chmodSync(file, 0o444)
    chmodSync(medium, 0o555)
    const temporary = join(dir, 'medium-wal-tmp')
    mkdirSync(temporary)
    chmodSync(temporary, 0o777)
    try {
      const verify = await gridcase('audit', 'verify', '--db', copy, { TMPDIR: temporary })
      expect(verify, verify.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^ok: ${events} events`)) })
      const history = await gridcase('audit', 'history', 'complaint-in-the-wal', '--db', copy, { TMPDIR: temporary })
      expect(history, history.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('CaseNoteAdded') })
      expect(readdirSync(medium).sort()).toEqual(['evidence.sqlite', 'evidence.sqlite-wal'])
      expect(readdirSync(temporary)).toEqual([])
    } finally {
      chmodSync(medium, 0o755)
    }
  }, 60_000)

  it('a --db that is a folder is an error saying so (exit 2), for every audit command (found in review: "disk I/O error", exit 3)', async () => {
    for (const command of [['verify'], ['history', 'x'], ['export', '--format', 'csv'], ['receipt', '--out', join(dir, 'never-folder.json'), '--public-key', publicKey]]) {
      const result = await gridcase('audit', ...command, '--db', dir)
      expect(result.code, `${command.join(' ')}: ${result.stderr}`).toBe(2)
      expect(result.stderr).toContain(`${dir} is a folder, not an event store`)
    }
    // An --out that is a folder is refused before the log is read (found in review: the whole export ran, then EISDIR).
    const outFolder = await gridcase('audit', 'export', '--format', 'ndjson', '--db', db, '--out', dir)
    expect(outFolder.code, outFolder.stderr).toBe(2)
    expect(outFolder.stderr).toContain(`--out ${dir} is a folder`)
    // A SQLite file that holds no log (a read-model file, an empty file) is not an event store (was "no such table: events", exit 3).
    const other = join(dir, 'read-models-like.sqlite')
    const file = new Database(other)
    file.exec('CREATE TABLE case_list (id TEXT PRIMARY KEY)')
    file.close()
    const empty = join(dir, 'empty.sqlite')
    writeFileSync(empty, '')
    for (const path of [other, empty]) {
      for (const command of [['verify'], ['export', '--format', 'csv']]) {
        const result = await gridcase('audit', ...command, '--db', path)
        expect(result.code, `${path} ${command.join(' ')}: ${result.stderr}`).toBe(2)
        expect(result.stderr).toContain(`${path} holds no event log`)
      }
    }
  }, 60_000)

  it('leaves no private copy behind when killed by a signal while it holds one (found in review: a Ctrl-C left it)', async () => {
    const { medium, copy, temporary } = readOnlyMedium('medium-killed')
    try {
      // The built opener in a process of its own that holds the copy open until it is killed.
      const opener = pathToFileURL(join(root, 'packages/adapters/dist/sqlite/open.js')).href
      const script = `import { openReadOnlyFile } from ${JSON.stringify(opener)}; openReadOnlyFile(${JSON.stringify(copy)}); process.stdout.write('open\\n'); setInterval(() => {}, 1000)`
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { ...asUser, env: { ...process.env, TMPDIR: temporary }, stdio: ['ignore', 'pipe', 'inherit'] })
      const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])))
      await new Promise<void>((resolve) => child.stdout.on('data', () => resolve()))
      expect(readdirSync(temporary)).toHaveLength(1)
      child.kill('SIGTERM')
      const [code, signal] = await exited
      expect(signal ?? code).toBe('SIGTERM')
      expect(readdirSync(temporary)).toEqual([])
    } finally {
      chmodSync(medium, 0o755)
    }
  }, 60_000)

  it('reads a log written by an older build (schema 1) without migrating it: the copy stays schema 1', async () => {
    const old = join(dir, 'old.sqlite')
    copyFileSync(db, old)
    const file = new Database(old)
    file.exec('DROP TABLE tree_heads; DROP TABLE merkle_chunks; PRAGMA user_version = 1')
    file.close()
    chmodSync(old, 0o444)
    const before = readFileSync(old)
    for (const command of [['verify'], ['export', '--format', 'csv']]) {
      const result = await gridcase('audit', ...command, '--db', old)
      expect(result, command.join(' ')).toMatchObject({ code: 0 })
    }
    expect(readFileSync(old).equals(before)).toBe(true)
    expect(new Database(old, { readonly: true }).pragma('user_version', { simple: true })).toBe(1)
  }, 60_000)

  it('a mistyped --db is an error (exit 2) and creates no file', async () => {
    for (const command of [['verify'], ['history', 'x'], ['export', '--format', 'csv'], ['receipt', '--out', join(dir, 'never.json'), '--public-key', publicKey]]) {
      const missing = join(dir, 'nope', 'gridcase.sqlite')
      const result = await gridcase('audit', ...command, '--db', missing)
      expect(result.code, command.join(' ')).toBe(2)
      expect(result.stderr).toContain(`no event store at ${missing}`)
      expect(existsSync(join(dir, 'nope'))).toBe(false)
    }
    expect(existsSync(join(dir, 'never.json'))).toBe(false)
  }, 60_000)

  it('--mask masks the state printed by history --version as well as the history', async () => {
    const copy = readOnlyCopy('mask.sqlite')
    const file = new Database(copy, { readonly: true })
    const row = file.prepare<[], { stream_id: string; data: string }>("SELECT stream_id, data FROM events WHERE type = 'ComplaintRegistered' AND data LIKE '%phone%' LIMIT 1").get()
    file.close()
    const phone = (JSON.parse(row?.data ?? '{}') as { complainant?: { phone?: string } }).complainant?.phone ?? ''
    expect(phone).toMatch(/^1\d{10}$/)
    const plain = await gridcase('audit', 'history', row?.stream_id ?? '', '--version', '0', '--db', copy)
    expect(plain.stdout).toContain(phone)
    for (const extra of [[], ['--json']]) {
      const masked = await gridcase('audit', 'history', row?.stream_id ?? '', '--version', '0', '--mask', ...extra, '--db', copy)
      expect(masked.code).toBe(0)
      expect(masked.stdout).not.toContain(phone)
      expect(masked.stdout).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`)
    }
    const exported = await gridcase('audit', 'export', '--format', 'csv', '--mask', '--db', copy)
    expect(exported.stdout).not.toContain(phone)
  }, 60_000)
})

let receipts = 0
/** `gridcase audit receipt`: the newest signed head, saved to a file the auditor keeps. */
const receiptOf = async (path: string): Promise<string> => {
  const out = join(dir, `receipt-${(receipts += 1)}.json`)
  const saved = await gridcase('audit', 'receipt', '--db', path, '--out', out, '--public-key', publicKey)
  expect(saved, saved.stderr).toMatchObject({ code: 0 })
  return out
}

describe.skipIf(cannotTest)('gridcase audit receipt and verify --receipt', () => {
  it('--stream with --receipt places one case under the receipt, as beside PostgreSQL (tests/postgres/audit-role.test.ts); nothing on a log the receipt does not match', async () => {
    const receipt = await receiptOf(db)
    const kept = JSON.parse(readFileSync(receipt, 'utf8')) as { treeSize: number }
    const file = new Database(db, { readonly: true })
    const stream = file.prepare<[], { stream_id: string }>('SELECT stream_id FROM events ORDER BY position LIMIT 1').get()?.stream_id ?? ''
    const positions = file.prepare<[string], { position: number }>('SELECT position FROM events WHERE stream_id = ? ORDER BY version').all(stream).map((r) => r.position)
    file.close()
    const placed = await gridcase('audit', 'verify', '--stream', stream, '--db', db, '--receipt', receipt, '--public-key', publicKey)
    expect(placed.stderr).toBe('')
    expect(placed.code).toBe(0)
    expect(placed.stdout).toContain(`ok: ${stream}: ${positions.length} events (positions ${positions.join(', ')}), chain intact, every one in the tree the receipt of ${kept.treeSize} events signs`)
    // The same case in a copy whose first event was changed in place (its hash kept): its chain is broken, nothing placed.
    const copy = join(dir, 'placed-broken.sqlite')
    copyFileSync(db, copy)
    const edit = new Database(copy)
    edit.prepare("UPDATE events SET data = json_set(data, '$.category', 'x') WHERE position = 0").run()
    edit.close()
    const broken = await gridcase('audit', 'verify', '--stream', stream, '--db', copy, '--receipt', receipt, '--public-key', publicKey)
    expect(broken.code).toBe(1)
    expect(broken.stdout).toContain(`BROKEN: ${stream}: ${positions.length} events`)
  })

  it('a receipt kept before a rewrite-and-rehash catches it, naming the place; the chains alone do not', async () => {
    const receipt = await receiptOf(db)
    const kept = JSON.parse(readFileSync(receipt, 'utf8')) as { treeSize: number }
    const count = new Database(db, { readonly: true }).prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n
    expect(kept.treeSize).toBe(count)
    const copy = join(dir, 'rewritten.sqlite')
    copyFileSync(db, copy)
    // An insider changes an event and recomputes every hash of its stream after it, with the exported eventHash.
    const { eventHash } = await import('@gridcase/core')
    const { fromRow } = await import('../packages/adapters/src/sqlite/rows.js')
    const file = new Database(copy)
    const rows = file.prepare<[], Parameters<typeof fromRow>[0]>('SELECT * FROM events ORDER BY position').all()
    const target = rows[7]
    let prev = target?.prev_hash ?? ''
    for (const row of rows.filter((r) => r.stream_id === target?.stream_id && r.version >= (target?.version ?? 0))) {
      const event = fromRow(row)
      const data = row.position === target?.position ? { ...(event.data as object), summary: '一切正常' } : event.data
      const hash = eventHash({ ...event, data, metadata: { ...event.metadata, prevHash: prev } })
      file.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE position = ?').run(JSON.stringify(data), prev, hash, row.position)
      prev = hash
    }
    file.exec('DELETE FROM tree_heads')
    file.close()
    expect((await gridcase('audit', 'verify', '--db', copy)).code).toBe(0)
    const checked = await gridcase('audit', 'verify', '--db', copy, '--receipt', receipt, '--public-key', publicKey)
    expect(checked.code).toBe(1)
    expect(checked.stdout).toMatch(/^ALTERED/)
    expect(checked.stdout).toMatch(/the log differs from the receipt of \d+ events: the first changed event is at a position from 0 to \d+/)
    // The stored heads (when the insider leaves them) narrow the place: heads every 10 events → 0 to 9.
    const withHeads = join(dir, 'rewritten-heads.sqlite')
    copyFileSync(db, withHeads)
    const again = new Database(withHeads)
    for (const row of new Database(copy, { readonly: true }).prepare<[], { position: number; data: string; prev_hash: string; hash: string }>('SELECT position, data, prev_hash, hash FROM events').all()) {
      again.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE position = ?').run(row.data, row.prev_hash, row.hash, row.position)
    }
    again.close()
    const narrowed = await gridcase('audit', 'verify', '--db', withHeads, '--receipt', receipt, '--public-key', publicKey)
    expect(narrowed.stdout).toContain('the log differs from the signed head of 10 events: the first changed event is at a position from 0 to 9')
    // docs/tamper-evidence.md quotes this line as the CLI prints it (it said "… of N events at position p", a line never printed).
    const documented = readFileSync(join(root, 'docs', 'tamper-evidence.md'), 'utf8')
    expect(documented).toContain('`the log differs from the signed head of N events: the first changed event is at a position from a to b`')
    expect(documented).not.toContain('of N events at position p`')
  }, 60_000)

  it('receipt with a --public-key the newest head was not signed with (after a key rotation) says which key signed it and what to give', async () => {
    // Found by an auditor following docs/tamper-evidence.md's key rotation: with the old public key only, the receipt of
    // the newest head (signed with the new key) said "does not verify with the given public key", naming no key and no way on.
    const other = join(dir, 'other.pub.pem')
    writeFileSync(other, generateHeadKey().publicKeyPem)
    const out = join(dir, 'receipt-other-key.json')
    const refused = await gridcase('audit', 'receipt', '--db', db, '--out', out, '--public-key', other)
    expect(refused.code).toBe(2)
    const newest = JSON.parse(readFileSync(await receiptOf(db), 'utf8')) as { treeSize: number; keyId: string }
    expect(refused.stderr).toContain(`the head of ${newest.treeSize} events is signed with the key ${newest.keyId}, which none of --public-key ${other} is`)
    expect(refused.stderr).toContain('give the public key it was signed with (the new key, after a rotation), or --size <n> for a head signed with one given')
    expect(existsSync(out)).toBe(false)
  }, 60_000)

  it('refuses a receipt that is not one, or without the public key', async () => {
    const bad = join(dir, 'bad-receipt.json')
    writeFileSync(bad, JSON.stringify({ treeSize: -1 }))
    const result = await gridcase('audit', 'verify', '--db', db, '--receipt', bad, '--public-key', publicKey)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('treeSize')
    expect((await gridcase('audit', 'verify', '--db', db, '--receipt', bad)).code).toBe(2)
  }, 60_000)

  it('a file that is not a log, a key that is not one, an --out it cannot write: each an error naming the file (found in review)', async () => {
    const garbage = join(dir, 'garbage.sqlite')
    writeFileSync(garbage, 'not a database '.repeat(500))
    const notLog = await gridcase('audit', 'verify', '--db', garbage)
    expect(notLog.code).toBe(3)
    expect(notLog.stderr).toContain(garbage)
    const notKey = join(dir, 'not-a-key.pem')
    writeFileSync(notKey, 'hello')
    const badKey = await gridcase('audit', 'verify', '--db', db, '--receipt', await receiptOf(db), '--public-key', notKey)
    expect(badKey.code).toBe(2)
    expect(badKey.stderr).toContain(`--public-key ${notKey}: not an Ed25519 public key`)
    const nowhere = join(dir, 'no-such-folder', 'log.ndjson')
    const out = await gridcase('audit', 'export', '--format', 'ndjson', '--db', db, '--out', nowhere)
    expect(out.code).toBe(2)
    expect(out.stderr).toContain(`--out ${nowhere}: cannot write there (ENOENT)`)
  }, 60_000)

  it('verify --stream with a stream the log does not hold is an error naming it (exit 2), not an intact chain of 0 events', async () => {
    const result = await gridcase('audit', 'verify', '--db', db, '--stream', 'complaint-nope')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('no stream complaint-nope in the store')
    expect(result.stdout).toBe('')
  }, 60_000)

  it('refuses a receipt whose signature does not verify (edited after it was kept) before reading the log, rather than report the log altered (found in review: "ALTERED … the receipt has a signature that does not verify", exit 1)', async () => {
    const receipt = await receiptOf(db)
    const kept = JSON.parse(readFileSync(receipt, 'utf8')) as Record<string, unknown>
    for (const [name, edited] of [
      ['timestamp', { ...kept, timestamp: '2026-01-01T00:00:00.000Z' }],
      ['treeSize', { ...kept, treeSize: 1 }],
    ] as const) {
      const file = join(dir, `edited-${name}.json`)
      writeFileSync(file, JSON.stringify(edited))
      const result = await gridcase('audit', 'verify', '--db', db, '--receipt', file, '--public-key', publicKey)
      expect(result.code, `${name}: ${result.stderr}`).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain(`${file}: its signature does not verify with the key ${String(kept['keyId'])}`)
    }
  }, 60_000)

  it('a stored head that is no signed head (a NULL signature, written by hand) is a finding of verify, and is not saved as a receipt (found in review: both crashed, "The first argument must be of type string")', async () => {
    const receipt = await receiptOf(db)
    const { keyId } = JSON.parse(readFileSync(receipt, 'utf8')) as { keyId: string }
    const forged = join(dir, 'malformed-head.sqlite')
    copyFileSync(db, forged)
    const file = new Database(forged)
    // The table again without its NOT NULLs (what someone with write access can do), the heads copied back, and one more.
    file.exec(`ALTER TABLE tree_heads RENAME TO kept_heads;
      CREATE TABLE tree_heads (tree_size INTEGER PRIMARY KEY, root_hash TEXT, timestamp TEXT, key_id TEXT, signature TEXT);
      INSERT INTO tree_heads SELECT * FROM kept_heads; DROP TABLE kept_heads`)
    const newest = (file.prepare('SELECT max(tree_size) AS n FROM tree_heads').get() as { n: number }).n
    file.prepare(`INSERT INTO tree_heads VALUES (?, 'zz', '2026', ?, NULL)`).run(newest + 1, keyId)
    file.close()
    const verified = await gridcase('audit', 'verify', '--db', forged, '--receipt', receipt, '--public-key', publicKey)
    expect(verified.code, verified.stderr).toBe(1)
    expect(verified.stdout).toContain(`the stored head of ${newest + 1} events is no signed head`)
    const json = await gridcase('audit', 'verify', '--db', forged, '--receipt', receipt, '--public-key', publicKey, '--json')
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, rejectedHeads: [{ source: 'stored', treeSize: newest + 1, reason: 'malformed' }] })
    // (Without --public-key a receipt is refused before the log is read: the signature could not be checked.)
    const out = join(dir, 'malformed-receipt.json')
    const saved = await gridcase('audit', 'receipt', '--db', forged, '--out', out, '--public-key', publicKey)
    expect(saved.code, saved.stderr).toBe(3)
    expect(saved.stderr).toContain(`the stored head of ${newest + 1} events in ${forged} is no signed head`)
    expect(existsSync(out)).toBe(false)
    const unkeyed = await gridcase('audit', 'receipt', '--db', forged, '--out', out)
    expect(unkeyed.code).toBe(2)
    expect(unkeyed.stderr).toContain('receipt needs --public-key')
    expect(existsSync(out)).toBe(false)
    // The heads before it are still there to take.
    const older = await gridcase('audit', 'receipt', '--db', forged, '--out', join(dir, 'older-receipt.json'), '--size', String(newest), '--public-key', publicKey)
    expect(older, older.stderr).toMatchObject({ code: 0 })
  }, 60_000)

  it('a stored head with no tree size at all is named so, and --json leaves the size out (found in review: it printed "treeSize": null)', async () => {
    const receipt = await receiptOf(db)
    const forged = join(dir, 'sizeless-head.sqlite')
    copyFileSync(db, forged)
    const file = new Database(forged)
    file.exec(`ALTER TABLE tree_heads RENAME TO kept_heads;
      CREATE TABLE tree_heads (tree_size INTEGER, root_hash TEXT, timestamp TEXT, key_id TEXT, signature TEXT);
      INSERT INTO tree_heads SELECT * FROM kept_heads; DROP TABLE kept_heads;
      INSERT INTO tree_heads VALUES (NULL, 'zz', '2026', 'k', 'x')`)
    file.close()
    const verified = await gridcase('audit', 'verify', '--db', forged, '--receipt', receipt, '--public-key', publicKey)
    expect(verified.code, verified.stderr).toBe(1)
    expect(verified.stdout).toContain('the stored head with no tree size is no signed head')
    const json = await gridcase('audit', 'verify', '--db', forged, '--receipt', receipt, '--public-key', publicKey, '--json')
    const rejected = (JSON.parse(json.stdout) as { rejectedHeads: Record<string, unknown>[] }).rejectedHeads
    expect(rejected).toEqual([{ source: 'stored', reason: 'malformed' }])
  }, 60_000)

  it('refuses a receipt signed with a key not given, rather than say the log extends it (a truncated log, a receipt from elsewhere)', async () => {
    const receipt = await receiptOf(db)
    const cut = join(dir, 'cut.sqlite')
    copyFileSync(db, cut)
    const file = new Database(cut)
    file.exec('DELETE FROM events WHERE position >= 5; DELETE FROM tree_heads')
    file.close()
    const otherKey = join(dir, 'other.pub.pem')
    writeFileSync(otherKey, generateHeadKey().publicKeyPem)
    const result = await gridcase('audit', 'verify', '--db', cut, '--receipt', receipt, '--public-key', otherKey)
    expect(result.code).toBe(2)
    expect(result.stdout).not.toMatch(/ok/)
    const { keyId } = JSON.parse(readFileSync(receipt, 'utf8')) as { keyId: string }
    expect(result.stderr).toContain(keyId)
    expect(result.stderr).toContain(receipt)
    // With the key it was signed with, the cut is found.
    expect((await gridcase('audit', 'verify', '--db', cut, '--receipt', receipt, '--public-key', publicKey)).code).toBe(1)
  }, 60_000)
})
