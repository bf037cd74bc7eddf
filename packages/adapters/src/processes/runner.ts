import * as E from 'fp-ts/lib/Either.js'
import { execute, load, streamIdOf, type CaseType, type DomainError, type EventStore, type RecordedEvent } from '@gridcase/core'
import type { ProcessCommand } from '@gridcase/core/processes'
import type { Clock } from '../clock.js'
import { backoffDelay, jitteredBackoff, sleepUnless } from '../backoff.js'
import { ABORTED, abortWith, Stalled, untilAborted, within, withinAlive } from './bounded.js'
import { LeaseFenced, PROCESS_LEASE_MS, type LeaseFence, type LeaseStore } from './lease.js'
import { NOTHING_TO_DO, type ProcessRefusals, type RefusalReport } from './refusals.js'
import { adaptivePause, coalescing, feedPages, pauseOptions } from '../subscription.js'

/** Where a process records the last position it has handled (the `checkpoints` table, as a projection's). */
export interface ProcessCheckpoints {
  load(name: string): Promise<number | undefined>
  /** Under `fence` (the runner's lease): saved only while the runner holds it, else LeaseFenced (lease.ts) and nothing saved. */
  save(name: string, position: number, fence?: LeaseFence): Promise<void>
}

/** What a process may read while it decides (other cases' streams, e.g. the dispute a conclusion belongs to). */
export interface ProcessContext {
  readonly store: EventStore
  /**
   * Aborted when the runner stops or its lease is another's: a process whose handling of one event is long (the
   * re-base of every open case) stops between two steps of it, throwing `ProcessInterrupted`; the event is handled
   * again by whoever follows next.
   */
  readonly signal?: AbortSignal
  /** Says the handling goes on: the stall bound (`stallMs`) counts from the last call, not from the event's start. */
  readonly alive?: () => void
}

/** A process stopped handling an event because its signal aborted (a stop, a lost lease): not a failure; handled again. */
export class ProcessInterrupted extends Error {
  override readonly name = 'ProcessInterrupted'
}

/**
 * A process (流程): reacts to events of the types it `handles` with commands, which the runner issues through the
 * one command pipeline. Each command's id is derived from the triggering event, so handling an event again (a
 * replay, a restart after a crash before the checkpoint was saved) applies nothing twice.
 */
export interface ProcessDefinition {
  /** Keys the checkpoint and the lease. */
  readonly name: string
  /** The event types it reacts to, or `'all'` (the webhook outbox: every event of every case). */
  readonly handles: readonly string[] | 'all'
  /**
   * Where to start when that is later than the checkpoint: the events up to it are of no use to the process (the
   * webhook feeder while nothing is subscribed need not walk the log). Absent: the checkpoint.
   */
  startAfter?(checkpoint: number): Promise<number>
  /**
   * A process that reacts to every event only while something holds (the webhook feeder: while anything is subscribed)
   * may pass a whole page over: true when the events up to `position` need nothing from it, recorded as passed over
   * in the same step (so that whatever changes that later starts after them); false to handle the page event by event.
   */
  passOver?(position: number): Promise<boolean>
  react(event: RecordedEvent, context: ProcessContext): Promise<E.Either<DomainError, readonly ProcessCommand[]>>
  /**
   * The commands that record, back on the source case, a command of this process refused for good (a referral whose
   * dispute could not be opened goes back on the complaint): so that nothing acknowledged is only logged. Issued
   * once, like the others (their ids derived from the event); a refusal of these is logged.
   */
  refused?(event: RecordedEvent, command: ProcessCommand, error: DomainError): E.Either<DomainError, readonly ProcessCommand[]>
}

export interface ProcessRunnerOptions {
  readonly store: EventStore
  /** The case types the commands address, by stream prefix. */
  readonly caseTypes: readonly CaseType[]
  readonly processes: readonly ProcessDefinition[]
  readonly checkpoints: ProcessCheckpoints
  readonly leases: LeaseStore
  /** Who this runner is in the lease table (host and pid, say). */
  readonly holder: string
  readonly clock: Clock
  /** How long a lease lasts unrenewed (default 15 s); it is renewed every third of that. */
  readonly leaseMs?: number
  /**
   * A command the pipeline refused for good (validation, invalid transition…), or an event the process could not
   * read (no command): logged, and the process moves on.
   */
  readonly onRefused?: (process: string, event: RecordedEvent, command: ProcessCommand | undefined, error: DomainError) => void
  /**
   * Where each refused command (but those that mean "nothing to do any more": refusals.ts NOTHING_TO_DO), each event
   * the process could not read and each failure of handling an event (retried: resolved once handled) is kept, beside the
   * checkpoints, for an admin to retry or dismiss (GET /api/v1/admin/processes/refusals). Absent: only `onRefused`.
   * A refusal it fails to keep holds the process at its event (handled again after a backoff) until it is kept.
   */
  readonly refusals?: ProcessRefusals
  /**
   * How long one step may take before it is called a stall (default: leaseMs): taking or giving up the lease, loading
   * or saving the checkpoint, handling one event (its commands through the pipeline). A stall is reported through
   * `onError` like a failure, and the process gives its lease up and starts over after a backoff; waiting for new
   * events is not bounded (a quiet log is not a stall), but a renewal of the lease that goes unanswered is.
   */
  readonly stallMs?: number
  /**
   * The least time between the starts of two passes of a process over new events (default 20 ms): events appended
   * closer together than that are handled in one pass (one read of the log; one write for a page passed over). An
   * event after a quiet spell is taken at once, and `waitFor` ends the pause.
   */
  readonly coalesceMs?: number
  /** Above `coalesceMs`: the pause adapts to the rate, as the projection runner's does (`adaptivePause`); default `coalesceMs`. */
  readonly coalesceMaxMs?: number
  /** The events a pass aims to take when the pause adapts (default 20). */
  readonly coalesceEvents?: number
  /** A failure (the store, a stall): the process stops following, gives its lease up and tries again after a backoff. */
  readonly onError?: (process: string, error: unknown) => void
  /** A process starts (true) or stops (false) being the active one for its name. */
  readonly onActive?: (process: string, active: boolean) => void
}

/** Runs processes over the log: the one active runner per name (a lease), each resuming after its checkpoint. */
export interface ProcessRunner {
  /** Starts every process (each takes its lease when it can) and returns at once. */
  start(): void
  /** Stops following, saves the checkpoints and gives the leases up. */
  stop(): Promise<void>
  /** The position each process has handled (-1 before any), for tests and `/metrics`. */
  position(name: string): number
  /** Resolves once process `name` has handled the event at `position` (or a later one). */
  waitFor(name: string, position: number): Promise<void>
  /** Whether this runner holds the lease of `name` now. */
  active(name: string): boolean
}

// Refusals a process cannot overcome by trying again: the command is wrong for the case as it is, or the case's
// subject was erased (nothing more of its personal data is decided on or written: before, thrown as a failure, and the
// process was held at that event for ever). Not `personal-data-unreadable`: the key held does not open it, which an
// operator may put right (gridcase audit verify): a failure, retried and kept for an admin to see.
const FOR_GOOD: ReadonlySet<DomainError['code']> = new Set(['validation', 'forbidden', 'not-found', 'invalid-transition', 'already-exists', 'deadline-passed', 'unknown-attachment', 'personal-data-erased'])

class LeaseLost extends Error {}

/** A command the pipeline refused with what trying again may overcome (a conflict its own retries did not resolve). */
class CommandFailed extends Error {
  constructor(
    readonly command: ProcessCommand,
    readonly error: DomainError,
    process: string,
  ) {
    super(`process ${process}: ${error.code}: ${error.message}`)
  }
}

/** How often, at most, a process that passes pages over saves its checkpoint while it keeps passing them over. */
const PASSED_OVER_SAVE_MS = 1000

const sleep = sleepUnless

/** 流程运行器 — processes react to the log and issue commands through `execute`, exactly once in effect. */
export const processRunner = (options: ProcessRunnerOptions): ProcessRunner => {
  const { store, leases, clock, holder } = options
  const leaseMs = options.leaseMs ?? PROCESS_LEASE_MS.default
  const stallMs = options.stallMs ?? leaseMs
  const coalesce = pauseOptions(options)
  const byPrefix = [...options.caseTypes].sort((a, b) => b.streamPrefix.length - a.streamPrefix.length)
  const names = new Set(options.processes.map((p) => p.name))
  if (names.size !== options.processes.length) throw new Error('process names must be unique: they key the checkpoints and leases')
  const positions = new Map<string, number>()
  const held = new Set<string>()
  let waiters: { readonly name: string; readonly position: number; readonly resolve: () => void }[] = []
  let stopping: AbortController | undefined
  let loops: Promise<void>[] = []
  // Each following process's pause between passes, cut short when someone waits for a position.
  const hurries = new Set<() => void>()

  const advance = (name: string, position: number): void => {
    positions.set(name, position)
    if (waiters.length === 0) return
    const ready = waiters.filter((w) => w.name === name && w.position <= position)
    waiters = waiters.filter((w) => !(w.name === name && w.position <= position))
    for (const w of ready) w.resolve()
  }

  const now = (): number => Date.parse(clock.now())
  // What this runner writes for a process (its refusals and failures kept or settled, its checkpoint) is written only
  // while it holds that process's lease (LeaseFence): a stale holder's write is refused (LeaseFenced), and it stops.
  const fenceOf = (name: string): LeaseFence => ({ lease: name, holder })

  // Failing events per process (the position of the earliest not yet handled): settled in the store once handled.
  const failing = new Map<string, number>()
  /**
   * Kept beside the checkpoints (when a store is given). A store that fails to keep it throws: the event is not passed
   * (its checkpoint is not saved) and is handled again after a backoff, its commands to the same derived ids, so that
   * the refusal is kept once the store answers (before, reported and passed: the refused command only a log line).
   */
  const keep = async (report: Omit<RefusalReport, 'at'>): Promise<void> => {
    if (options.refusals === undefined) return
    // Not for a refusal that is not kept (nothing to do any more: the ordinary course, a reminder after the close).
    const unkept = report.kind === 'refused' && NOTHING_TO_DO.has(report.code as DomainError['code'])
    const jurisdiction = report.command === undefined || unkept ? undefined : await jurisdictionOfCase(report.command)
    await options.refusals.record({ ...report, at: clock.now(), ...(jurisdiction === undefined ? {} : { jurisdiction }) }, fenceOf(report.process))
  }
  /**
   * The jurisdiction of the case a command addresses, which scopes who reads its refusal (docs/HTTP.md): read from the
   * case (one read of its stream, only when a refusal is kept). Undefined: no such case (the command would open it),
   * no case type of its prefix, or a case that cannot be read — its actor's is kept then (a referral's: the operator's).
   */
  const jurisdictionOfCase = async (command: ProcessCommand): Promise<string | undefined> => {
    const caseType = byPrefix.find((c) => c.streamPrefix === command.caseType)
    if (caseType === undefined) return undefined
    const found = await load(store, caseType.decider, streamIdOf(caseType, command.caseId), { schema: caseType.schema }).catch(() => undefined)
    return found === undefined || found.version === 'no-stream' ? undefined : caseType.scope(found.state as never)?.jurisdiction
  }
  const eventOf = (event: RecordedEvent) => ({ streamId: event.streamId, position: event.position, eventId: event.eventId, type: event.type })

  const settle = async (name: string, position: number): Promise<void> => {
    await options.refusals?.settle(name, position, clock.now(), fenceOf(name))
    if ((failing.get(name) ?? Number.POSITIVE_INFINITY) <= position) failing.delete(name)
  }

  const issue = async (process: ProcessDefinition, event: RecordedEvent, command: ProcessCommand, recordsRefusal = false): Promise<void> => {
    const caseType = byPrefix.find((c) => c.streamPrefix === command.caseType)
    if (caseType === undefined) throw new Error(`process ${process.name}: no case type with stream prefix ${command.caseType}`)
    const outcome = await execute(store, caseType, command.caseId, command.command, command.data, command.meta, { backoff: jitteredBackoff() })
    if (E.isRight(outcome)) return
    if (FOR_GOOD.has(outcome.left.code)) {
      options.onRefused?.(process.name, event, command, outcome.left)
      const refusal = { process: process.name, event: eventOf(event), command, kind: 'refused' as const, code: outcome.left.code, message: outcome.left.message }
      // Recorded back on the source case, once: the case then says it, and it is not kept in the list (a refusal of that
      // record is kept: nothing further to record it on).
      const records = recordsRefusal || process.refused === undefined ? undefined : process.refused(event, command, outcome.left)
      if (records === undefined) return keep(refusal)
      if (E.isLeft(records)) {
        options.onRefused?.(process.name, event, undefined, records.left)
        return keep(refusal)
      }
      for (const record of records.right) await issue(process, event, record, true)
      return
    }
    // A conflict the pipeline's own retries did not resolve: handle the event again later (same command ids).
    throw new CommandFailed(command, outcome.left, process.name)
  }

  /**
   * Handles one event: its commands, then its checkpoint. `abandoned()` turns true once the runner gave up waiting for
   * it (a stall): the late rest of it then issues nothing more and saves no checkpoint; the event is handled again.
   */
  const handle = async (process: ProcessDefinition, event: RecordedEvent, checkpoint: string, abandoned: () => boolean, context: Omit<ProcessContext, 'store'> = {}): Promise<'saved' | 'nothing'> => {
    const reacted = await process.react(event, { store, ...context })
    if (E.isLeft(reacted)) {
      // An event the process cannot read is not one it can ever act on: said, kept, and passed over.
      options.onRefused?.(process.name, event, undefined, reacted.left)
      await keep({ process: process.name, event: eventOf(event), kind: 'refused', code: reacted.left.code, message: reacted.left.message })
    } else {
      // Nothing to issue (most events, for a process that looks at every one): the checkpoint is saved once for the
      // page rather than once per event (handled again after a crash, such an event issues nothing again).
      if (reacted.right.length === 0) return 'nothing'
      for (const command of reacted.right) {
        if (abandoned()) return 'nothing'
        await issue(process, event, command)
      }
    }
    if (abandoned()) return 'nothing'
    // Only once every command is in the log: a crash before this handles the event again, to the same ids.
    await options.checkpoints.save(checkpoint, event.position, fenceOf(process.name))
    return 'saved'
  }

  /**
   * Holds the lease of one process while it follows the log. Returns when the runner stops or the lease is another's;
   * throws on a failure, and on a stall: a step that does not answer within `stallMs`, or a lease not renewed before it
   * would end (the lease store does not answer). `takenAt` is when the lease was asked for (performance.now()).
   */
  const follow = async (process: ProcessDefinition, signal: AbortSignal, takenAt: number): Promise<void> => {
    const lost = new AbortController()
    // Also when the runner stopped while the lease was being taken (a listener added to an aborted signal never fires).
    const unlink = abortWith(lost, signal)
    let renewedAt = takenAt
    let renewing = false
    const renew = setInterval(() => {
      // The lease ends leaseMs after the last renewal that was answered (counted from when it was sent).
      if (performance.now() - renewedAt >= leaseMs) {
        lost.abort(new Stalled(`process ${process.name}: its lease was not renewed for ${leaseMs} ms (the lease store does not answer)`))
        return
      }
      if (renewing) return
      renewing = true
      const sentAt = performance.now()
      leases.acquire(process.name, holder, now(), leaseMs).then(
        (ok) => {
          renewing = false
          if (ok) renewedAt = sentAt
          else lost.abort(new LeaseLost(`lease ${process.name} lost`))
        },
        (error: unknown) => {
          renewing = false
          lost.abort(error)
        },
      )
    }, Math.max(1, Math.floor(leaseMs / 3)))
    held.add(process.name)
    options.onActive?.(process.name, true)
    const checkpoint = `process:${process.name}`
    const step = <T>(what: string, work: () => Promise<T>): Promise<T> => within(work(), stallMs, `process ${process.name}: ${what}`)
    let abandoned = false
    let failure: { readonly error: unknown } | undefined
    let pages: AsyncIterator<readonly RecordedEvent[]> | undefined
    const pauses = coalescing()
    const pauseAfter = adaptivePause(coalesce)
    hurries.add(pauses.hurry)
    // When the checkpoint was last saved for pages passed over (-Infinity: the first such page saves it).
    let savedAt = Number.NEGATIVE_INFINITY
    try {
      const saved = (await step('loading its checkpoint', () => options.checkpoints.load(checkpoint))) ?? -1
      // Failures kept by whoever followed before (this runner before a restart, another server) and handled since.
      if (options.refusals !== undefined && saved >= 0) await step('settling its handled failures', () => settle(process.name, saved))
      // Those after its checkpoint: settled here once handled, as this runner's own (before, only a failure this runner
      // kept itself was: one kept before a restart or by the lease's last holder stayed open for ever).
      const refusals = options.refusals
      if (refusals !== undefined) {
        const earliest = await step('finding its open failures', () => refusals.earliestOpenFailure(process.name))
        if (earliest !== undefined) failing.set(process.name, Math.min(failing.get(process.name) ?? earliest, earliest))
      }
      const startAfter = process.startAfter
      const from = startAfter === undefined ? saved : Math.max(saved, await step('finding where to start', () => startAfter(saved)))
      advance(process.name, from)
      const handles = process.handles === 'all' ? undefined : new Set(process.handles)
      const passOver = process.passOver
      // A page at a time: what arrived since the last pass is read once, and a process that may pass a page over
      // (the webhook feeder with nothing subscribed) records that once for the page rather than once per event.
      pages = feedPages(store, { fromPosition: from + 1, signal: lost.signal })[Symbol.asyncIterator]()
      for (;;) {
        // Waiting for the next events has no bound (a quiet log is not a stall), but a stop or a lost lease ends it at
        // once, even when the store's read under it hangs.
        const next = await untilAborted(pages.next(), lost.signal)
        if (next === ABORTED || next.done === true || lost.signal.aborted) break
        const arrived = performance.now()
        const page = next.value
        const last = page[page.length - 1]
        if (last === undefined) continue
        if (passOver !== undefined && (await step(`passing over the events up to position ${last.position}`, () => passOver(last.position)))) {
          // Saved at most every PASSED_OVER_SAVE_MS while pages are passed over (and when the process stops, below): a
          // page passed over again after a crash is passed over again, or, for a subscription made meanwhile, matched
          // only from where it starts. One write a pass (the outbox's) rather than two.
          if (performance.now() - savedAt >= PASSED_OVER_SAVE_MS) {
            await step('saving its checkpoint', () => options.checkpoints.save(checkpoint, last.position, fenceOf(process.name)))
            savedAt = performance.now()
          }
          advance(process.name, last.position)
        } else {
          // The last event handled without a command and not yet saved: saved once at the end of the page.
          let unsaved: number | undefined
          for (const event of page) {
            // The rest of the page is handled by whoever follows next (this runner again, or the lease's next holder).
            if (lost.signal.aborted) break
            if (handles === undefined || handles.has(event.type)) {
              // Not raced with a stop: the event under way is finished (bounded) before the runner stops.
              // Bounded from the last sign of progress (`alive`): one case of a long re-base, not the whole of it.
              const outcome = await withinAlive(
                (alive) => handle(process, event, checkpoint, () => abandoned, { signal: lost.signal, alive }),
                stallMs,
                `process ${process.name}: handling the event at position ${event.position} (${event.type})`,
              ).catch(async (error: unknown) => {
                // A write refused because the lease is another's (this runner stalled past it): not a failure to keep.
                if (error instanceof LeaseFenced) lost.abort(new LeaseLost(error.message))
                // A failure (not a stop, not a lost lease): kept with its attempts, and the event handled again later.
                if (!lost.signal.aborted && !(error instanceof ProcessInterrupted)) {
                  const failed = error instanceof CommandFailed ? { command: error.command, code: error.error.code, message: error.error.message } : { code: error instanceof Stalled ? 'stalled' : 'error', message: error instanceof Error ? error.message : String(error) }
                  // Not kept (the store fails too): reported, and the event is held all the same by the failure thrown.
                  // Refused (LeaseFenced): the lease is another's, whose the event is now; this runner stops following.
                  await keep({ process: process.name, event: eventOf(event), kind: 'failed', ...failed }).catch((kept: unknown) =>
                    kept instanceof LeaseFenced ? lost.abort(new LeaseLost(kept.message)) : options.onError?.(process.name, kept),
                  )
                  failing.set(process.name, Math.min(failing.get(process.name) ?? event.position, event.position))
                }
                throw error
              })
              unsaved = outcome === 'saved' ? undefined : event.position
              const failed = failing.get(process.name)
              if (failed !== undefined && failed <= event.position) await step('settling its handled failures', () => settle(process.name, event.position))
            }
            advance(process.name, event.position)
          }
          const lastUnsaved = unsaved
          if (lastUnsaved !== undefined && !lost.signal.aborted && !abandoned) await step('saving its checkpoint', () => options.checkpoints.save(checkpoint, lastUnsaved, fenceOf(process.name)))
        }
        // Nobody waiting: let the next events gather for a moment rather than pay a pass (a read, a write) for each.
        const pause = pauseAfter(arrived, page.length)
        if (!waiters.some((w) => w.name === process.name)) await pauses.wait(arrived, pause, lost.signal)
      }
    } catch (error) {
      // A write refused because the lease is another's (fencing: this runner stalled past its lease and was taken over
      // from): it stops following, as for a lease found lost at a renewal; what it had not written is the next holder's.
      if (error instanceof LeaseFenced) lost.abort(new LeaseLost(error.message))
      // Interrupted by a stop or a lost lease: the event is handled again by whoever follows next; nothing failed. A
      // failure once the lease is another's is not this runner's to report either (the next holder meets it, or not).
      if (!(error instanceof ProcessInterrupted && lost.signal.aborted) && !(lost.signal.reason instanceof LeaseLost)) failure = { error }
    } finally {
      abandoned = true
      const ended: unknown = lost.signal.aborted ? lost.signal.reason : undefined
      clearInterval(renew)
      unlink()
      // Ends the subscription whatever ended the follow; its iterator is not awaited (a hung read would hold it).
      lost.abort()
      pages?.return?.().catch(() => undefined)
      hurries.delete(pauses.hurry)
      held.delete(process.name)
      options.onActive?.(process.name, false)
      const position = positions.get(process.name) ?? -1
      // Events it passed over since the last one it handled need not be read again; not once the lease is another's.
      if (position >= 0 && !(ended instanceof LeaseLost)) await step('saving its checkpoint', () => options.checkpoints.save(checkpoint, position, fenceOf(process.name))).catch(() => undefined)
      if (failure === undefined && !signal.aborted && ended !== undefined && !(ended instanceof LeaseLost)) failure = { error: ended }
    }
    if (failure !== undefined) throw failure.error
  }

  const loop = async (process: ProcessDefinition, signal: AbortSignal): Promise<void> => {
    let failures = 0
    while (!signal.aborted) {
      try {
        const takenAt = performance.now()
        // Not raced with a stop: a lease taken after it was given up would be held with nobody following it.
        const mine = await within(leases.acquire(process.name, holder, now(), leaseMs), stallMs, `process ${process.name}: taking its lease`)
        // Stopped while the lease was being taken: not followed, and given up below.
        if (mine && !signal.aborted) {
          await follow(process, signal, takenAt)
          failures = 0
        }
      } catch (error) {
        failures += 1
        options.onError?.(process.name, error)
        // Given up, so that another runner may take over now rather than once the lease ends.
        await within(leases.release(process.name, holder), stallMs, `process ${process.name}: giving its lease up`).catch(() => undefined)
      }
      if (signal.aborted) break
      // Not ours (another runner is active) or it failed: look again later.
      await sleep(failures > 0 ? backoffDelay(failures, { baseMs: 200, maxMs: leaseMs }) : Math.max(1, Math.floor(leaseMs / 3)), signal)
    }
    held.delete(process.name)
    // Bounded, so that stop() returns even when the lease store does not answer (the lease then ends by itself).
    await within(leases.release(process.name, holder), stallMs, `process ${process.name}: giving its lease up`).catch(() => undefined)
  }

  return {
    start: () => {
      if (stopping !== undefined) return
      const controller = new AbortController()
      stopping = controller
      loops = options.processes.map((p) => loop(p, controller.signal))
    },
    stop: async () => {
      const controller = stopping
      stopping = undefined
      if (controller === undefined) return
      controller.abort()
      await Promise.all(loops)
      loops = []
    },
    position: (name) => positions.get(name) ?? -1,
    waitFor: (name, position) =>
      (positions.get(name) ?? -1) >= position
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiters.push({ name, position, resolve })
            for (const hurry of hurries) hurry()
          }),
    active: (name) => held.has(name),
  }
}
