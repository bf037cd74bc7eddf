import { parseArgs } from 'node:util'
import { decode, IsoTimestamp } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'

export const USAGE = `usage: gridcase audit <command> [options]
       gridcase erasure due|erase [options]                            (see gridcase erasure --help)
       gridcase token --sub <id> --role <role> --jurisdiction <path>   (see gridcase token --help)
       gridcase processes [--db <path>]   run the processes beside the servers (see gridcase processes --help)
       gridcase evaluation --period 2026-11 [--format csv|json]   a period's unit evaluation (see gridcase evaluation --help)
       gridcase import <file.ndjson> [--db <path>] [--create]   import cases from another platform (see gridcase import --help)
       gridcase attachments gc [options]  remove uploads no event names after a grace period (see gridcase attachments --help)

commands:
  verify                    re-compute every hash chain; report the first broken link (exit 1 if any); re-hash every
                            attached file an event names, naming case, event and hash of each missing or altered one
      --stream <streamId>   verify one stream only; with --receipt, the whole log as below, then where the case's
                            events are: in the tree the receipt signs, under a later signed head, or not yet signed
      --attachments <dir>   where the attached files are (default: attachments/ beside --db, as the server keeps them)
      --receipt <file>      also check the log against a signed head kept earlier (and every head the file keeps):
                            detects removed, rewritten (hashes recomputed), reordered or inserted events
      --public-key <file>   Ed25519 public key (PEM) the heads verify with; repeat for keys used before a rotation
      --clock-tolerance <s> how far back (seconds, default 60) an event may be recorded behind one before it in the log
                            without a WARNING (a backdated append, or the store's clock set back; exit code unchanged)
  receipt --out <file>      save the newest signed head of the log (or --size <n>) as a receipt to keep elsewhere
      --public-key <file>   required: the key its signature is checked with before it is saved (a head forged in
                            the database is refused); repeat for keys used before a rotation
  history <caseId>          the case's full history: who, when, command, correlation, reason
      --as-of <ISO time>    also print the case as it stood at that time
      --version <n>         also print the case as it stood at that version
      --mask                mask phones, id numbers and people's names (history and the state printed)
  export --format ndjson|csv  write the global log to stdout (or --out <file>: written beside it and renamed when whole,
                            so a killed or failed export leaves the file as it was)
      --from <position>     start at a global position
      --mask                mask personal data in the data (a masked export is for reading: its hashes no longer verify)
      --sealed              the log as written: personal fields as their sealed text, which the hashes cover, so
                            the export verifies (readNdjson + verifyLog); without it a sealed log's personal
                            fields are written opened (or "erased"), for reading, and its hashes do not verify
  rebuild                   rebuild the dashboard read model from position 0 (and clear the case list)
      --read-model <path>   SQLite file for checkpoints and read models (default: read-models.sqlite beside --db, as the server keeps it)

options:
  --db <path>               SQLite event store (default ./data/gridcase.sqlite, as npm start writes); opened
                            read-only (a 0444 copy is fine; in a folder it may not write, or where the file or its
                            folder has no write bit, through a private temporary copy, nothing written beside it); a
                            path with no file is an error, never a new file
  --database-url <url>      PostgreSQL instead (verify, receipt, history, export): the log in that database, read in
                            a read-only session; the schema is never created or migrated (missing: an error)
  --schema <name>           with --database-url: the log's schema (default gridcase)
  --json                    machine-readable output (verify, history)
  -h, --help                this text

holiday schedules: gridcase calendar --help

environment: DATABASE_STATEMENT_TIMEOUT_MS (with --database-url): the longest a statement may take, ms; unset or 0, no
  bound (a batch over the whole log: the servers' 30 s default does not apply); past it the command stops, exit 3

exit codes: 0 ok, 1 broken chain, 2 usage or input error, 3 failure`

const NonNegativeInt = new t.Type<number, number, unknown>(
  'NonNegativeInt',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) => {
    const n = typeof u === 'string' && /^\d+$/.test(u) ? Number(u) : Number.NaN
    return Number.isSafeInteger(n) ? t.success(n) : t.failure(u, c, 'expected a whole number of 0 or more')
  },
  t.identity,
)
const Common = { db: t.string, json: t.boolean }
/** PostgreSQL instead of --db: the log in that database's schema, opened in a read-only session. */
const Postgres = t.partial({ 'database-url': t.string, schema: t.string })
const Verify = t.intersection([t.type({ command: t.literal('verify'), 'public-key': t.array(t.string), ...Common }), t.partial({ stream: t.string, receipt: t.string, attachments: t.string, 'clock-tolerance': NonNegativeInt }), Postgres])
const Receipt = t.intersection([t.type({ command: t.literal('receipt'), out: t.string, 'public-key': t.array(t.string), ...Common }), t.partial({ size: NonNegativeInt }), Postgres])
const History = t.intersection([
  t.type({ command: t.literal('history'), caseId: t.string, mask: t.boolean, ...Common }),
  t.partial({ 'as-of': IsoTimestamp, version: NonNegativeInt }),
  Postgres,
])
const Export = t.intersection([
  t.type({ command: t.literal('export'), format: t.keyof({ ndjson: null, csv: null }), mask: t.boolean, ...Common }),
  t.partial({ out: t.string, from: NonNegativeInt, sealed: t.boolean }),
  Postgres,
])
const Rebuild = t.intersection([t.type({ command: t.literal('rebuild'), ...Common }), t.partial({ 'read-model': t.string })])
const codecs = { verify: Verify, receipt: Receipt, history: History, export: Export, rebuild: Rebuild } as const

const POSTGRES_FLAGS = ['database-url', 'schema']
/** The flags each command reads. */
const FLAGS: Readonly<Record<keyof typeof codecs, ReadonlySet<string>>> = {
  verify: new Set(['db', 'json', 'stream', 'receipt', 'public-key', 'attachments', 'clock-tolerance', ...POSTGRES_FLAGS]),
  receipt: new Set(['db', 'json', 'out', 'public-key', 'size', ...POSTGRES_FLAGS]),
  history: new Set(['db', 'json', 'as-of', 'version', 'mask', ...POSTGRES_FLAGS]),
  export: new Set(['db', 'format', 'out', 'from', 'mask', 'sealed', ...POSTGRES_FLAGS]),
  rebuild: new Set(['db', 'read-model']),
}

export type CliCommand = t.TypeOf<typeof Verify> | t.TypeOf<typeof Receipt> | t.TypeOf<typeof History> | t.TypeOf<typeof Export> | t.TypeOf<typeof Rebuild>
export type Parsed = { readonly help: true } | { readonly help: false; readonly command: CliCommand }

/**
 * What is wrong with a `--database-url`, every command's (undefined when it is a postgres:// or postgresql:// connection
 * string): found in review, `gridcase erasure due --database-url 'not a url'` tried to reach a host "base".
 */
export const postgresUrlProblem = (url: string): string | undefined =>
  /^postgres(ql)?:\/\/\S*$/.test(url) ? undefined : '--database-url: expected a postgres:// or postgresql:// connection string'

/** Reads argv (after the program name) into a command, or a message saying what is wrong. */
export const parseCli = (argv: readonly string[]): E.Either<string, Parsed> => {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        json: { type: 'boolean' },
        stream: { type: 'string' },
        'as-of': { type: 'string' },
        version: { type: 'string' },
        mask: { type: 'boolean' },
        sealed: { type: 'boolean' },
        format: { type: 'string' },
        out: { type: 'string' },
        from: { type: 'string' },
        'read-model': { type: 'string' },
        receipt: { type: 'string' },
        'public-key': { type: 'string', multiple: true },
        size: { type: 'string' },
        attachments: { type: 'string' },
        'clock-tolerance': { type: 'string' },
        'database-url': { type: 'string' },
        schema: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    return E.left(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  if (values.help === true) return E.right({ help: true })
  const [group, name, ...rest] = positionals
  const commands = "expected 'audit', 'token', 'processes', 'evaluation', 'import', 'calendar', 'erasure' or 'attachments'"
  if (group !== 'audit') return E.left(group === undefined ? `missing command: ${commands}` : `unknown command '${group}': ${commands}`)
  if (name === undefined || !(name in codecs)) {
    return E.left(name === undefined ? 'missing audit command: verify, receipt, history, export or rebuild' : `unknown audit command '${name}': expected verify, receipt, history, export or rebuild`)
  }
  const command = name as keyof typeof codecs
  const [caseId, ...extra] = rest
  if (command === 'history' && caseId === undefined) return E.left('history needs a case id: gridcase audit history <caseId>')
  if (command !== 'history' && caseId !== undefined) return E.left(`unexpected argument '${caseId}'`)
  if (extra.length > 0) return E.left(`unexpected argument '${extra[0] ?? ''}'`)
  const url = values['database-url']
  if (url !== undefined) {
    if (values.db !== undefined) return E.left('give --db (SQLite) or --database-url (PostgreSQL), not both')
    const problem = postgresUrlProblem(url)
    if (problem !== undefined) return E.left(problem)
    if (command === 'rebuild') return E.left('rebuild works on a SQLite read model; beside PostgreSQL the servers keep their read models (see gridcase processes --help)')
  } else if (values.schema !== undefined) return E.left('--schema goes with --database-url')
  // A flag the command does not read is an error naming it, never accepted and ignored (found in review: verify --mask,
  // export --json, history --version with --as-of were taken and did nothing).
  const stray = Object.keys(values).filter((flag) => flag !== 'help' && !FLAGS[command].has(flag))
  if (stray.length > 0) return E.left(`${stray.map((flag) => `--${flag}`).join(', ')}: not an option of ${command} (see gridcase --help)`)
  if (values.sealed === true && values.mask === true) return E.left('--sealed and --mask: a sealed export is the log as written, byte for byte, to be verified on its own; masking would change it (give one of them)')
  if (values['public-key'] !== undefined && command === 'verify' && values.receipt === undefined) return E.left('--public-key goes with --receipt (the key the receipt and the heads are checked with)')
  // Found auditing PostgreSQL: without a key, a head an insider wrote into tree_heads (no key, a made-up signature) was
  // saved as the receipt, and the next verify refused it as a receipt "changed after it was kept".
  if (command === 'receipt' && values['public-key'] === undefined) return E.left('receipt needs --public-key <file> (the key the heads are signed with): a head whose signature is not checked may be one forged in the database, and would anchor nothing')
  // With --receipt, --stream places one case's events under it (the whole log is checked as without --stream).
  if (values['clock-tolerance'] !== undefined && values.stream !== undefined && values.receipt === undefined) return E.left('--clock-tolerance and --stream: the times are read along the whole log (give --receipt too, or one of them)')
  if (values.version !== undefined && values['as-of'] !== undefined) return E.left('--version and --as-of: the case as it stood at one moment (give one of them)')
  const input = {
    ...values,
    command,
    db: values.db ?? './data/gridcase.sqlite',
    json: values.json ?? false,
    mask: values.mask ?? false,
    'public-key': values['public-key'] ?? [],
    ...(caseId === undefined ? {} : { caseId }),
  }
  const decoded = decode(codecs[command] as t.Type<CliCommand, unknown, unknown>, input)
  return E.isLeft(decoded)
    ? E.left(decoded.left.code === 'validation' ? decoded.left.errors.map((e) => `--${e.path}: ${e.message}`).join('\n') : decoded.left.message)
    : E.right({ help: false, command: decoded.right })
}
