import { erasureFindingsOf, erasureMarkOf, erasureScan, nodeSha256Hex, referencesOf, verifyReferences, type AttachmentFinding, type AttachmentReference, type AttachmentVerification, type ErasureAudit, type ErasureMark, type KeyTrial, wrongKeysInPages } from '@gridcase/adapters/embedded'
import { PERSONAL_DOCUMENT_KINDS } from '@gridcase/core/attachments'
import { streamOfSubject } from '@gridcase/core/privacy'
import { forbidden, notFound, validationError, type BrokenLink, type EventStore, type HashFn, type RecordedEvent } from '@gridcase/core'
import { canRead, type Actor, type CaseScope } from '@gridcase/core/access'
import { CLOCK_STEPS_SHOWN, clockScan, DEFAULT_CLOCK_TOLERANCE_SECONDS, logVerifier, type ClockReport, type ClockStep, type LogVerifier } from '@gridcase/core/audit'
import { Router, type Response } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { actorOf, type RouteContext } from '../context.js'
import { decodeQuery } from '../edge.js'
import { BooleanFromString } from '../query.js'
import { problemOf, sendProblem } from '../problem.js'
import { IntFromString, Limit } from '../query.js'

/** How long a verify waits for the read models to know the scopes of the cases it saw. */
const READ_WAIT_MS = 2000
/** Cases whose scope is looked up between two turns of the event loop. */
const SCOPE_SLICE = 200
const AUDIT_ROLES: ReadonlySet<string> = new Set(['auditor', 'admin', 'supervisor'])
/** Events read from the store at a time. */
const CHUNK = 100
/** Work between two turns of the event loop: other requests wait no longer than this (a hash costs ~0.1 ms). */
const SLICE_MS = 4

/** How many events recorded back in time a run keeps (of the whole log), to cut them to each reader's scope. */
const CLOCK_STEPS_KEPT = 1000

type VerifyResult = {
  ok: boolean
  events: number
  streams: number
  brokenLinks: BrokenLink[]
  firstBrokenLink?: BrokenLink
  verifiedTo: number
  /** Every file the events name, re-hashed: each missing or altered one named with its case, event and hash (a personal document's without: `withoutPersonalDocumentHashes`). */
  attachments: ReturnType<typeof withoutPersonalDocumentHashes>
  /**
   * The key table held to the log (where the server has one): every data subject of the cases in scope whose sealed
   * data no longer opens is named by an erasure on the log, and every subject an erasure names has its key destroyed.
   */
  erasures?: ErasureAudit
  /**
   * The recorded times along the log (core's `clockScan`), for the cases in scope: events recorded more than
   * `toleranceSeconds` before the event just before them in the log (a backdated append, or a clock set wrong). A
   * warning: it does not make `ok` false. `backwards` counts those of the cases in scope among the first
   * `CLOCK_STEPS_KEPT` of the whole log (`capped` when there were more); `steps` lists the first 20 of them, each with
   * the event before it only where that event's case is in scope too.
   */
  clock: { toleranceSeconds: number; backwards: number; capped: boolean; steps: (ClockStep | Omit<ClockStep, 'previousStreamId' | 'previousPosition' | 'previousRecordedAt'>)[] }
}

/** What a run verified, for every case: events per stream, the first broken link of each broken stream, where it stopped. */
export interface VerifiedLog {
  readonly eventsByStream: ReadonlyMap<string, number>
  readonly brokenLinks: readonly BrokenLink[]
  /** Every attachment reference the events make (the files are re-hashed at each request: they can change any time). */
  readonly references: readonly AttachmentReference[]
  /** Every erasure the log records (files deleted on purpose with their case are not findings). */
  readonly erasures: readonly ErasureMark[]
  /** The data subjects the log holds sealed data of, and those its erasures name. */
  readonly sealedSubjects: readonly string[]
  /** The subjects whose personal data the log holds in clear (an erasure gives them an erased row). */
  readonly clearSubjects: readonly string[]
  /**
   * The subjects whose kept key did not open their first sealed value, each with that value's position (`key-wrong`):
   * tried where the run read the log (the worker thread, or the event loop in slices), so only these come back.
   */
  readonly wrongKeys: readonly (readonly [subject: string, position: number])[]
  readonly erasedSubjects: readonly string[]
  /** The recorded times along the log: the first CLOCK_STEPS_KEPT events recorded back in time, and how many there were. */
  readonly clock: ClockReport
  /** The next position to verify. */
  readonly from: number
}

/**
 * One pass over the whole log, from position 0 (`full` is kept for callers: every run is a full run now).
 * Nothing is kept from one run to the next, so what the server holds between verifies does not grow with
 * the cases (docs/scale.md); a run's own result is its callers', dropped once they have answered.
 */
export interface VerifyRunner {
  (full: boolean): Promise<VerifiedLog>
  /** Entries (streams, counts, references, erasures) the runner holds between runs: none. */
  readonly retained: () => number
}

/**
 * What one verification pass gathers while it reads the log: the chains' state, events per stream, the
 * attachment references and erasures. It lives for one run (per-case memory while the run lasts, none after).
 */
export const verificationPass = (hash: HashFn = nodeSha256Hex) => {
  const verifier = logVerifier(hash)
  const eventsByStream = new Map<string, number>()
  const references: AttachmentReference[] = []
  const erasures: ErasureMark[] = []
  const subjects = erasureScan()
  const clock = clockScan(DEFAULT_CLOCK_TOLERANCE_SECONDS, CLOCK_STEPS_KEPT)
  let from = 0
  return {
    from: () => from,
    push: (event: RecordedEvent) => {
      verifier.push(event)
      eventsByStream.set(event.streamId, (eventsByStream.get(event.streamId) ?? 0) + 1)
      references.push(...referencesOf(event))
      const mark = erasureMarkOf(event)
      if (mark !== undefined) erasures.push(mark)
      subjects.push(event)
      clock.push(event)
      from = event.position + 1
    },
    /** Each sealed subject's first sealed value and its position (`[subject, text, position]`): what its kept key is tried on. */
    samples: () => subjects.samples(),
    /** What the run found; `wrongKeys`: of the `samples`, those whose kept key does not open (`wrongKeysInPages`). */
    result: (wrongKeys: VerifiedLog['wrongKeys'] = []): VerifiedLog => ({ eventsByStream, brokenLinks: verifier.result().brokenLinks, references, erasures, sealedSubjects: subjects.sealed(), clearSubjects: subjects.inClear(), wrongKeys, erasedSubjects: subjects.recorded(), clock: clock.result(), from }),
  }
}

/**
 * Verification on the event loop, in slices of a few milliseconds between which other requests are served
 * (for stores a worker thread cannot open itself; the server uses `verifyWorker` for SQLite). With `keys`, each kept
 * key is tried at the end of the run, in slices too (found in review: 1.56 s in one piece at 100k subjects).
 */
export const onEventLoop = (store: EventStore, hash?: HashFn, keys?: () => Promise<KeyTrial>): VerifyRunner => {
  const run = async (): Promise<VerifiedLog> => {
    // Every run reads from position 0: an event altered after an earlier run had verified it is found too.
    const pass = verificationPass(hash)
    for (;;) {
      const page = await store.readAll({ fromPosition: pass.from(), limit: CHUNK })
      let sliceStarted = performance.now()
      for (const event of page) {
        pass.push(event)
        if (performance.now() - sliceStarted > SLICE_MS) {
          await yieldToLoop()
          sliceStarted = performance.now()
        }
      }
      if (page.length < CHUNK) break
      await yieldToLoop()
    }
    const samples = pass.samples()
    if (keys === undefined || samples.length === 0) return pass.result()
    const trial = await keys()
    try {
      let sliceStarted = performance.now()
      const wrong = await wrongKeysInPages(samples, trial, () => {
        if (performance.now() - sliceStarted <= SLICE_MS) return undefined
        return yieldToLoop().then(() => void (sliceStarted = performance.now()))
      })
      return pass.result([...wrong])
    } finally {
      trial.close()
    }
  }
  return Object.assign(run, { retained: () => 0 })
}

/** An attachment finding as the route answers it: a personal document's without its hash. */
export type AttachmentFindingRead = Omit<AttachmentFinding, 'sha256' | 'actual'> & Partial<Pick<AttachmentFinding, 'sha256' | 'actual'>>

/**
 * The findings as every role that may verify reads them (auditor, supervisor, admin): a personal document's
 * (`PERSONAL_DOCUMENT_KINDS`: an identity document, a signed agreement, a consent, an application, a signature) keeps
 * the case, the event, its kind and what is wrong, but not the hash it is kept by, nor an altered file's new one — those
 * roles may not fetch such a file, and the case's view and history leave its reference out (docs/attachments.md "Who
 * may fetch a file"). The CLI, run by the operator on the log itself, prints them whole.
 */
export const withoutPersonalDocumentHashes = (result: AttachmentVerification): Omit<AttachmentVerification, 'findings'> & { readonly findings: readonly AttachmentFindingRead[] } => ({
  ...result,
  findings: result.findings.map((finding): AttachmentFindingRead => {
    if (!PERSONAL_DOCUMENT_KINDS.has(finding.kind)) return finding
    const { sha256: _sha256, actual: _actual, ...kept } = finding
    return kept
  }),
})

/** The server's verification of the log: a run from position 0 per call, shared by the calls that arrive meanwhile. */
export interface LogVerification {
  /** Verifies the log (one run at a time: callers meanwhile share it); `full` waits for a run that starts after the call. */
  catchUp(full?: boolean): Promise<(actor: Actor) => Promise<VerifyResult>>
}

/**
 * The hash chains of the whole log, verified from position 0 at each run (nothing is remembered between runs:
 * memory between verifies does not grow with the cases); concurrent requests share one run. Results are cut to
 * the actor's scope here.
 */
export const logVerification = (ctx: RouteContext, runner: VerifyRunner): LogVerification => {
  let running: Promise<VerifiedLog> | undefined

  const resultFor = async (log: VerifiedLog, actor: Actor): Promise<VerifyResult> => {
    // Each case's read scope from the case list read model, a slice at a time: other requests get in between.
    const ids = [...log.eventsByStream.keys()]
    const scopes = new Map<string, CaseScope>()
    for (let i = 0; i < ids.length; i += SCOPE_SLICE) {
      for (const [id, scope] of await ctx.cases.scopes(ids.slice(i, i + SCOPE_SLICE))) scopes.set(id, scope)
      if (i + SCOPE_SLICE < ids.length) await yieldToLoop()
    }
    const visible = (streamId: string): boolean => {
      const scope = scopes.get(streamId)
      return scope !== undefined && canRead(actor, scope)
    }
    let events = 0
    let streams = 0
    for (const [streamId, count] of log.eventsByStream) {
      if (!visible(streamId)) continue
      events += count
      streams += 1
    }
    const brokenLinks = log.brokenLinks.filter((link) => visible(link.streamId))
    const first = brokenLinks.reduce<BrokenLink | undefined>((a, b) => (a === undefined || b.position < a.position ? b : a), undefined)
    const attachments = withoutPersonalDocumentHashes(
      await verifyReferences(
        log.references.filter((r) => visible(r.streamId)),
        (sha256) => ctx.attachments.check(sha256),
        log.erasures.filter((e) => visible(e.streamId)),
      ),
    )
    // A subject's case's scope decides whether the actor is told of it.
    const inScope = (subjects: readonly string[]) => subjects.filter((subject) => visible(streamOfSubject(subject)))
    // Each kept key in scope is tried on a value sealed for its subject (`key-wrong`: a key replaced in the table).
    const erasureAudit = ctx.keyRows === undefined ? undefined : erasureFindingsOf(inScope(log.sealedSubjects), new Set(log.erasedSubjects), await ctx.keyRows(), inScope(log.clearSubjects), new Map(log.wrongKeys))
    // A step of a case in scope; the event before it named only when its case is in scope too.
    const backwards = log.clock.steps
      .filter((step) => visible(step.streamId))
      .map((step): ClockStep | Omit<ClockStep, 'previousStreamId' | 'previousPosition' | 'previousRecordedAt'> => {
        if (visible(step.previousStreamId)) return step
        const { previousStreamId: _stream, previousPosition: _position, previousRecordedAt: _at, ...own } = step
        return own
      })
    return {
      ok: brokenLinks.length === 0 && attachments.ok && erasureAudit?.ok !== false,
      events,
      streams,
      brokenLinks,
      ...(first === undefined ? {} : { firstBrokenLink: first }),
      verifiedTo: log.from - 1,
      attachments,
      ...(erasureAudit === undefined ? {} : { erasures: erasureAudit }),
      clock: { toleranceSeconds: log.clock.toleranceSeconds, backwards: backwards.length, capped: log.clock.backwards > log.clock.steps.length, steps: backwards.slice(0, CLOCK_STEPS_SHOWN) },
    }
  }

  const start = (full: boolean): Promise<VerifiedLog> =>
    runner(full).finally(() => {
      running = undefined
    })

  return {
    catchUp: async (full = false) => {
      if (full) {
        while (running !== undefined) await running.catch(() => undefined)
        running = start(true)
      } else running ??= start(false)
      // Each caller reads the result of the run it waited for, whatever runs after; it is dropped once they answered.
      const log = await running
      // Scope comes from the case list read model: it must know every case the run saw (bounded wait).
      await ctx.runner.waitFor(log.from - 1, READ_WAIT_MS)
      return (actor) => resultFor(log, actor)
    },
  }
}

const VerifyQuery = t.exact(t.partial({ full: BooleanFromString }))

/**
 * `GET /api/v1/audit/verify`: the hash chain of every case in the actor's scope, verified up to the end
 * of the log, read from position 0 at every call (an event altered after an earlier call verified it is found);
 * a call joins a run already under way, `?full=true` waits for one that starts after it.
 */
export const auditRoutes = (ctx: RouteContext, runner: VerifyRunner = onEventLoop(ctx.store, ctx.hash)): Router => {
  const router = Router()
  const verification = logVerification(ctx, runner)
  router.get('/api/v1/audit/verify', async (req, res) => {
    const actor = actorOf(res)
    if (!AUDIT_ROLES.has(actor.role)) return sendProblem(res, problemOf(forbidden(`${actor.role} may not verify the record`)))
    const query = decodeQuery(VerifyQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const resultFor = await verification.catchUp(query.right.full === true)
    res.json({ ...(await resultFor(actor)), jurisdiction: actor.jurisdiction, checkedAt: ctx.clock.now() })
  })

  const HeadsQuery = t.exact(t.partial({ from: IntFromString, limit: Limit }))
  const InclusionQuery = t.exact(t.type({ position: IntFromString, head: IntFromString }))
  const ConsistencyQuery = t.exact(t.type({ from: IntFromString, to: IntFromString }))

  /** The audit roles, and a server that keeps a tree; otherwise the answer is sent and undefined returned. */
  const auditor = (res: Response): Actor | undefined => {
    const actor = actorOf(res)
    if (!AUDIT_ROLES.has(actor.role)) {
      sendProblem(res, problemOf(forbidden(`${actor.role} may not read the log's signed heads`)))
      return undefined
    }
    if (ctx.tree === undefined) {
      sendProblem(res, problemOf(notFound('this server keeps no signed tree heads (no signing key configured)')))
      return undefined
    }
    return actor
  }

  /** `GET /api/v1/audit/heads`: signed tree heads in tree-size order (receipts for auditors), and the key that signs them. */
  router.get('/api/v1/audit/heads', (req, res) => {
    if (auditor(res) === undefined || ctx.tree === undefined) return
    const query = decodeQuery(HeadsQuery, req)
    if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
    const limit = query.right.limit ?? 100
    const heads = ctx.tree.heads.heads({ fromSize: query.right.from ?? 0, limit: limit + 1 })
    const page = heads.slice(0, limit)
    const next = heads[limit]
    res.json({ heads: page, ...(next === undefined ? {} : { next: next.treeSize }), ...(ctx.tree.publicKeyPem === undefined ? {} : { publicKey: ctx.tree.publicKeyPem, keyId: ctx.tree.keyId }) })
  })

  /**
   * `GET /api/v1/audit/proof?position=&head=`: the inclusion proof of the event at a position in the tree a
   * signed head signs; `?from=&to=`: the consistency proof between two signed heads (RFC 9162 §2.1.3, §2.1.4).
   */
  router.get('/api/v1/audit/proof', async (req, res) => {
    const actor = auditor(res)
    if (actor === undefined || ctx.tree === undefined) return
    const tree = ctx.tree
    const signedHead = (size: number, field: string) => {
      const head = tree.heads.head(size)
      if (head === undefined) sendProblem(res, problemOf(notFound(`no signed head of tree size ${size} (${field})`)))
      return head
    }
    if ('position' in req.query || 'head' in req.query) {
      const query = decodeQuery(InclusionQuery, req)
      if (E.isLeft(query)) return sendProblem(res, problemOf(query.left))
      const head = signedHead(query.right.head, 'head')
      if (head === undefined) return
      const [event] = await ctx.store.readAll({ fromPosition: query.right.position, limit: 1 })
      // An event outside the actor's scope is as absent as a missing one.
      const missing = () => sendProblem(res, problemOf(notFound(`no event at position ${query.right.position} in the tree of ${head.treeSize}`)))
      if (event === undefined || event.position !== query.right.position) return missing()
      // The case's read scope from the case list read model, once it has taken in this event.
      await ctx.runner.waitFor(event.position, READ_WAIT_MS)
      const scope = (await ctx.cases.scopes([event.streamId])).get(event.streamId)
      if (scope === undefined || !canRead(actor, scope)) return missing()
      const proof = await tree.log.inclusionProof(event.position, head.treeSize)
      if (proof === undefined) return missing()
      return res.json({ ...proof, streamId: event.streamId, version: event.version, hash: event.metadata.hash, head })
    }
    const query = decodeQuery(ConsistencyQuery, req)
    if (E.isLeft(query)) {
      return sendProblem(res, problemOf(validationError(query.left.code === 'validation' ? query.left.errors : [], 'give position and head (inclusion) or from and to (consistency)')))
    }
    if (query.right.from > query.right.to) {
      return sendProblem(res, problemOf(validationError([{ path: 'query.from', message: `expected at most ${query.right.to}` }], 'from must not be after to')))
    }
    const from = signedHead(query.right.from, 'from')
    if (from === undefined) return
    const to = signedHead(query.right.to, 'to')
    if (to === undefined) return
    const proof = await tree.log.consistencyProof(from.treeSize, to.treeSize)
    if (proof === undefined) return sendProblem(res, problemOf(notFound(`the tree does not reach ${to.treeSize} yet`)))
    return res.json({ ...proof, from, to })
  })
  return router
}
