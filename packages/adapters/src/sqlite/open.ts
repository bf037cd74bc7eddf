import { accessSync, closeSync, copyFileSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { cleanupOnSignal } from '../onSignal.js'

/**
 * How hard a commit waits for the disk.
 * - `full` (default): the WAL is fsync'd at every commit. An acknowledged append
 *   survives a killed process, an OS crash and a power cut.
 * - `normal`: the WAL is written (to the OS) at every commit and fsync'd only at
 *   checkpoints. An acknowledged append survives a killed process (SIGKILL) but the
 *   last commits before a power cut or kernel panic may be lost (never corrupted).
 */
export type SqliteSynchronous = 'full' | 'normal'

export interface OpenOptions {
  readonly synchronous?: SqliteSynchronous
  /** How long a writer waits for another connection's write lock before failing. */
  readonly busyTimeoutMs?: number
}

const isBusy = (error: unknown): boolean => error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')

/**
 * `journal_mode = WAL`, retried while another connection holds a lock it needs. On a file not yet in WAL
 * mode (a new one, which two processes may be opening at once) the switch needs the file to itself, and
 * SQLite answers SQLITE_BUSY at once rather than wait (a wait could deadlock), so the busy timeout
 * does not apply: here it does, with short sleeps between tries.
 */
const enterWal = (db: Database.Database, timeoutMs: number): void => {
  const deadline = Date.now() + timeoutMs
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (let attempt = 0; ; attempt += 1) {
    try {
      db.pragma('journal_mode = WAL')
      return
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error
      Atomics.wait(pause, 0, 0, Math.min(50, 2 ** attempt))
    }
  }
}

const describe = (error: unknown): string => {
  const code = (error as { code?: unknown }).code
  return error instanceof Error ? (typeof code === 'string' && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message) : String(error)
}

/** Why `path` cannot be opened for writing, in words naming the path: the folder or a file not writable, or not there. */
const whyNotWritable = (path: string): string | undefined => {
  const dir = dirname(resolve(path))
  const check = (target: string, mode: number): string | undefined => {
    try {
      accessSync(target, mode)
      return undefined
    } catch (error) {
      return describe(error)
    }
  }
  if (!existsSync(dir)) {
    // Not there: say which folder above it stops it from being created.
    let above = dirname(dir)
    while (!existsSync(above) && dirname(above) !== above) above = dirname(above)
    const aboveProblem = check(above, constants.W_OK | constants.X_OK)
    return `the directory ${dir} does not exist${aboveProblem === undefined ? '' : ` and ${above} is not writable (${aboveProblem})`}`
  }
  // A file where the folder should be: access(2) on it says nothing useful (root may "write" it).
  if (!statSync(dir).isDirectory()) return `${dir} is a file, not a directory`
  const dirProblem = check(dir, constants.W_OK | constants.X_OK)
  if (dirProblem !== undefined) return `the directory ${dir} is not writable (${dirProblem})`
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    const fileProblem = existsSync(file) ? check(file, constants.R_OK | constants.W_OK) : undefined
    if (fileProblem !== undefined) return `the file ${resolve(file)} is not writable (${fileProblem})`
  }
  return undefined
}

/**
 * SQLite says "unable to open database file" or "attempt to write a readonly database" and names nothing:
 * the error a person starting the server sees names the file and, where it can be found, the reason.
 */
const openError = (path: string, error: unknown): Error => {
  const reason = path === ':memory:' || path.startsWith('file:') ? undefined : whyNotWritable(path)
  return new Error(`cannot open the SQLite database ${resolve(path)}: ${reason ?? describe(error)}${reason === undefined ? '' : ` — SQLite said: ${describe(error)}`}`, { cause: error })
}

/** Opens (creating its folder) a SQLite file in WAL mode with a deliberate `synchronous` level. */
export const openDatabase = (path: string, options: OpenOptions = {}): Database.Database => {
  try {
    return openWal(path, options)
  } catch (error) {
    if (isBusy(error)) throw error
    throw openError(path, error)
  }
}

const openWal = (path: string, options: OpenOptions): Database.Database => {
  if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true })
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000
  const db = new Database(path, { timeout: busyTimeoutMs })
  try {
    // WAL: readers never block the writer and a commit is one sequential append to the log.
    enterWal(db, busyTimeoutMs)
    db.pragma(`synchronous = ${(options.synchronous ?? 'full').toUpperCase()}`)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/** Whether the SQLite file has a table of this name (a file written before it existed, or a log without encryption, has not). */
export const sqliteHasTable = (db: Database.Database, name: string): boolean =>
  db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?").get(name)?.n === 1

/**
 * Removes `folder` when the process ends: at exit, and on SIGINT, SIGTERM or SIGHUP (which skip 'exit': found in review,
 * a 619 MB copy was left behind by a Ctrl-C), after which the process dies of the same signal as without the handler.
 */
const removedAtExit = (folder: string): void => {
  const remove = (): void => rmSync(folder, { recursive: true, force: true })
  process.once('exit', remove)
  cleanupOnSignal(remove)
}

/** The first 32 bytes of a WAL file, hex (its header: the salts and checkpoint sequence change whenever it restarts); '' where there is none. */
const walHeaderOf = (path: string): string => {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw error
  }
  try {
    const header = Buffer.alloc(32)
    return header.subarray(0, readSync(fd, header, 0, 32, 0)).toString('hex')
  } finally {
    closeSync(fd)
  }
}

/** Whether two files hold the same bytes (read a MiB at a time). */
const sameBytes = (a: string, b: string): boolean => {
  const [fa, fb] = [openSync(a, 'r'), openSync(b, 'r')]
  try {
    const [ba, bb] = [Buffer.alloc(1 << 20), Buffer.alloc(1 << 20)]
    for (let at = 0; ; at += ba.length) {
      const [na, nb] = [readSync(fa, ba, 0, ba.length, at), readSync(fb, bb, 0, bb.length, at)]
      if (na !== nb || !ba.subarray(0, na).equals(bb.subarray(0, nb))) return false
      if (na < ba.length) return true
    }
  } finally {
    closeSync(fa)
    closeSync(fb)
  }
}

/** How many times `copyWhole` copies a file that changes under it before it gives up. */
const COPY_TRIES = 8

/** A file that kept changing while `copyWhole` copied it. */
export class CopyChanging extends Error {
  override readonly name = 'CopyChanging'
}

/**
 * Copies a WAL-mode SQLite file and its `-wal` (if any) to `copy` (and `copy-wal`) as one state of the file, though a
 * process may be writing it. The file is copied first, then the WAL: a checkpoint meanwhile writes into the file pages
 * the WAL still holds (the copy of the WAL has them too, and they are read from it), but one that restarts the WAL
 * leaves a copy of the file from before it beside a WAL from after it, which reads as a malformed database (found in
 * review: the two were copied one after the other). A restart changes the WAL's header, so the header is read before,
 * in the copy, and after: if they differ the copy is made again. With no WAL, or an empty one, before and after (a
 * checkpoint that truncates it: every erasure runs one; a last connection closing), the file is the whole database and
 * any change to it during its copy may tear it (found in review: a commit checkpointed with TRUNCATE mid-copy passed
 * the header check, torn): then the copy is compared with the file, byte for byte, after it was made. Up to COPY_TRIES
 * times, waiting a little longer each time, then `CopyChanging` naming the file, with no copy left. `afterFile` runs
 * between the two copies (for tests).
 */
export const copyWhole = (path: string, copy: string, seams: { readonly afterFile?: () => void } = {}): void => {
  for (let attempt = 1; ; attempt += 1) {
    const before = walHeaderOf(`${path}-wal`)
    copyFileSync(path, copy)
    seams.afterFile?.()
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`)
    else rmSync(`${copy}-wal`, { force: true })
    const copied = walHeaderOf(`${copy}-wal`)
    if (before === copied && walHeaderOf(`${path}-wal`) === copied && (copied !== '' || sameBytes(path, copy))) return
    rmSync(copy, { force: true })
    rmSync(`${copy}-wal`, { force: true })
    if (attempt === COPY_TRIES) throw new CopyChanging(`${path} changed while it was copied, ${COPY_TRIES} times: a process is writing it; copy it while none does, or read it where SQLite can create ${path}-shm`)
    // A wait before the next try, longer each time: the writer's checkpoint is over by then.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25 * attempt)
  }
}

/**
 * What SQLite answers when it cannot make or open a WAL file's shared-memory index (`-shm`) beside it: SQLITE_READONLY
 * (and its extended codes) for a file alone, SQLITE_CANTOPEN when a `-wal` came with it (found in review: a copy taken
 * with its WAL, of a server killed or still running, read "unable to open database file" on a read-only medium).
 */
const cannotIndexHere = (code: string): boolean => code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN'

/** Whether the file is in WAL mode: its header's read and write versions (bytes 18 and 19) are 2. */
const isWalFile = (path: string): boolean => {
  const fd = openSync(path, 'r')
  try {
    const header = Buffer.alloc(20)
    return readSync(fd, header, 0, 20, 0) === 20 && header[18] === 2 && header[19] === 2
  } finally {
    closeSync(fd)
  }
}

/**
 * Whether a WAL file is one only to be read where it is: the file, or its folder, has no write bit for anyone (an
 * auditor's 0444 copy, a 0555 folder). SQLite asks the system whether it may create its WAL index (`-shm`, and a
 * `-wal`) beside the file, and for root (or a process with CAP_DAC_OVERRIDE: an operator's sudo) the system says yes
 * whatever the modes: it read such a file in place and left both beside it (found in review). The modes are the
 * owner's word that nothing is to be written there, so such a file is read through the private copy — unless its
 * `-shm` is there already (a process reads or writes it in WAL mode, this one perhaps: a copy would drop its locks;
 * reading in place then adds nothing beside it). SQLite documents
 * three ways to read a WAL file read-only (https://www.sqlite.org/wal.html#readonly, "Read-Only Databases"): the `-shm`
 * and `-wal` exist, or may be created, or the file is opened `immutable=1`. better-sqlite3 (12.x) opens without
 * SQLITE_OPEN_URI and turns URI names on only process-wide, from SQLITE_USE_URI read once as its addon loads (its
 * src/addon.cpp), which would make every `file:` path a URI; and `immutable=1` ignores a `-wal`'s commits and any
 * writer: so the copy, which reads the `-wal` too and is checked whole (copyWhole).
 */
const markedReadOnly = (path: string): boolean => {
  const noWriteBit = (target: string): boolean => (statSync(target).mode & 0o222) === 0
  try {
    // The file's own header is read last, and only for a file with no `-shm` whose modes say read-only: reading it opens
    // and closes a descriptor on the file, which drops every POSIX lock this process holds on it (found: a server's
    // verify, reading its own log's keys read-only, dropped the server's lock on the log; tests/http/outside-reader).
    // A file this process has open in WAL mode has its `-shm`, and is never opened here.
    return !existsSync(`${path}-shm`) && (noWriteBit(path) || noWriteBit(dirname(resolve(path)))) && isWalFile(path)
  } catch {
    // Not there, not readable: SQLite says so, naming it, as before.
    return false
  }
}

/** The private copies `openReadOnlyFile` made, by the path it was given (one per file and process). */
const readableCopies = new Map<string, string>()

/**
 * Opens an existing SQLite file read-only, and reads its schema version (what opens its WAL index). Where the file is,
 * if SQLite can read it there. A WAL-mode file is read through a shared-memory index (`<file>-shm`) SQLite creates
 * beside it, so in a folder the process may not write (a read-only mount, an evidence medium, a 0555 folder) it cannot
 * be read in place, and better-sqlite3 takes no `immutable=1` URI (`markedReadOnly`): there, and where the modes say
 * the file is only to be read, a private copy of the file (and of its
 * `-wal`, if any) is read instead, made once per file and process in a fresh folder under the system's temporary
 * directory and removed when the process exits. The copy is of the same bytes, so what is verified is the file given;
 * it costs the file's size on the temporary disk. Never writes the file given; read in place, in a folder it may write, SQLite
keeps its WAL index there (`-shm`, and an empty `-wal`) as every reader of a WAL file does, and leaves them (they may be a
running server's: never removed here); on a read-only medium, or beside a file its modes mark read-only, nothing is
written beside it. The copy opens and closes
descriptors on the file, which drops every POSIX lock this process holds on it (SQLite's "How To Corrupt", 2.2): in a
server over the file (its verify's key rows) it is only reached where SQLite could not open the file in place, which a
server writing that file never meets (it wrote the `-shm` there itself).
 */
export const openReadOnlyFile = (path: string): { readonly db: Database.Database; readonly version: number } => {
  const copied = readableCopies.get(path)
  if (copied !== undefined || !markedReadOnly(path)) {
    const db = new Database(copied ?? path, { readonly: true, fileMustExist: true })
    try {
      return { db, version: db.pragma('user_version', { simple: true }) as number }
    } catch (error) {
      db.close()
      if (copied !== undefined || !(error instanceof Database.SqliteError && cannotIndexHere(error.code))) throw error
    }
  }
  const cannot = (where: string, error: unknown): Error =>
    new Error(`cannot read ${path} read-only here (SQLite needs to create ${path}-shm beside it), nor copy it to ${where}: ${error instanceof Error ? error.message : String(error)} (TMPDIR names the folder for the copy)`, { cause: error })
  let folder: string
  try {
    folder = mkdtempSync(join(tmpdir(), 'gridcase-readonly-'))
  } catch (error) {
    throw cannot(tmpdir(), error)
  }
  removedAtExit(folder)
  const copy = join(folder, basename(path))
  try {
    copyWhole(path, copy)
  } catch (error) {
    rmSync(folder, { recursive: true, force: true })
    throw error instanceof CopyChanging ? error : cannot(folder, error)
  }
  readableCopies.set(path, copy)
  return openReadOnlyFile(path)
}

/**
 * Opens an existing SQLite event store read-only (an auditor's copy, possibly mode 0444, in a folder that may be
 * read-only too: `openReadOnlyFile`): never creates a file for a mistyped path, never migrates, never writes. A file
 * written by a newer build is refused.
 */
export const openReadOnly = (path: string, schemaVersion: number): Database.Database => {
  if (path === ':memory:' || !existsSync(path)) throw new Error(`no event store at ${path}`)
  const { db, version } = openReadOnlyFile(path)
  if (version > schemaVersion) {
    db.close()
    throw new Error(`${path} has event-store schema ${version}; this build knows up to ${schemaVersion}`)
  }
  return db
}
