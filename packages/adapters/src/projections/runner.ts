import type { EventStore, RecordedEvent } from '@gridcase/core'
import type { Projection } from '@gridcase/core/projections'
import type { CheckpointStore } from './checkpoints.js'
import type { ReadModel } from './readModel.js'
import { backoffDelay, sleepUnless } from '../backoff.js'
import { adaptivePause, coalescing, feedPages, pauseOptions } from '../subscription.js'

export interface RunnerProgress {
  /** Global position of the last event applied. */
  readonly position: number
  /** Events applied in this run. */
  readonly applied: number
  /**
   * Events read and folded in memory after those, not yet written (a catch-up folding pages, `foldEvents`): reported at
   * each page folded, so a progress bar moves while a fold fills, not only at its write.
   */
  readonly folded?: number
}

export interface RunnerOptions {
  readonly store: EventStore
  /** Folds held in memory, saved whole beside their checkpoint in `checkpoints` (small models only). */
  readonly projections?: readonly Projection<unknown>[]
  /** Where the in-memory projections' checkpoints and models are saved (default: nowhere, rebuilt at start). */
  readonly checkpoints?: CheckpointStore
  /** Read models kept in a database: each batch and its checkpoint committed together (see `ReadModel`). */
  readonly readModels?: readonly ReadModel[]
  /**
   * Events per read, and at most per read-model transaction (default 20 000): a case's events lie close together
   * in the log, so a larger batch folds and writes each case once for several of its events (1.8× the replay rate of
   * 1000 at 5000; 1.4× less CPU per event again at 20 000, measured on the sample log of 10k cases). The memory a
   * replay takes is bounded by it.
   */
  readonly pageSize?: number
  /**
   * In a catch-up (`catchUp`, `rebuild`, `refresh`), when every read model can fold pages before writing them
   * (`ReadModel.fold`) and there are no in-memory projections: pages are folded and written together once this many
   * events have been folded (default 50 000: measured on the sample log at 50k cases, 100 000 replayed 8% faster for
   * twice the memory, about 310 MB against 166 MB of RSS growth; 20 000 gained nothing over writing each page), or at the end of the log. A case open across page boundaries then has its
   * rows and the kept sums it moves written once per this many events, not once per page: the catch-up's writes come
   * close to the rows it leaves. Memory is bounded by the cases and kept rows these events touch (the pages themselves are
   * not kept). 0: each page is written on its own.
   */
  readonly foldEvents?: number
  /** Save in-memory projections at least this often while events keep coming (default every 50 000 events). */
  readonly saveEveryEvents?: number
  /** While live, save in-memory projections this long after the last unsaved event (default 1000 ms). */
  readonly saveAfterMs?: number
  /**
   * While live, the least time between the starts of two passes over new events (default 20 ms): events appended closer
   * together than that are read and applied together, one transaction per read model for all of them rather than one
   * each. An event after a quiet spell is applied at once, and a reader waiting for a position (`waitFor`, read-your-
   * writes) ends the pause, so neither waits for it; only a reader that does not wait may see the models up to this late.
   */
  readonly coalesceMs?: number
  /**
   * Above `coalesceMs`: the pause adapts to the rate (`adaptivePause`), long enough for about `coalesceEvents` (default
   * 20) events to gather, at most this long; at a rate that brings that many within `coalesceMs` it is `coalesceMs`. A
   * low rate then pays a pass's fixed cost once per `coalesceEvents` events, not once per `coalesceMs`. Default
   * `coalesceMs` (a fixed pause).
   */
  readonly coalesceMaxMs?: number
  readonly coalesceEvents?: number
  /**
   * Called when the live loop fails (a projection threw, the store failed): the runner holds its place and tries again
   * (a catch-up from the checkpoints, then live) after a backoff that grows to `retryMaxMs`, until it can or is stopped.
   */
  readonly onError?: (error: unknown) => void
  /** The first wait after a failure is under this (default 200 ms); each later one doubles it, up to `retryMaxMs`. */
  readonly retryBaseMs?: number
  /** The longest wait between two tries after a failure (default 30 s). */
  readonly retryMaxMs?: number
}

/** Feeds projections and read models from the log and keeps their checkpoints (Marten's async daemon, in small). */
export interface ProjectionRunner {
  /** Loads saved state, catches up with the log, then follows it live. */
  start(): Promise<void>
  /** Stops following and saves. */
  stop(): Promise<void>
  /** Applies what is in the log now, saves, and returns the last position applied (-1 for an empty log). */
  catchUp(onProgress?: (progress: RunnerProgress) => void): Promise<number>
  /** Forgets every checkpoint and read model and replays the log from position 0 (live again if it was). */
  rebuild(onProgress?: (progress: RunnerProgress) => void): Promise<number>
  /** An in-memory projection's current state. Read it synchronously: `apply` keeps updating it. */
  state<S>(projection: Projection<S>): S
  /** The last position everything has applied (-1 before any). */
  position(): number
  /** How many events this runner has applied since it was made (a restart that resumes applies none it had). */
  applied(): number
  /**
   * Resolves true once everything has applied the event at `position` (or a later one); with a timeout,
   * false if that has not happened by then (the caller serves what there is). False at once while the live loop has
   * failed and waits to try again (the database down): nothing applies before that try.
   */
  waitFor(position: number, timeoutMs?: number): Promise<boolean>
  /**
   * Brings everything up to the end of the log as it is now (events other processes wrote included),
   * without waiting for the live feed; true once there, false after `timeoutMs`.
   */
  refresh(timeoutMs?: number): Promise<boolean>
}

interface Slot {
  readonly projection: Projection<unknown>
  state: unknown
  position: number
}

interface ModelSlot {
  readonly model: ReadModel
  position: number
}

const noCheckpoints: CheckpointStore = {
  load: async () => undefined,
  save: async () => {},
  reset: async () => {},
  close: async () => {},
}

/** 投影运行器 — runs projections and read models over the store's log, resuming from checkpoint + 1 after a restart. */
export const projectionRunner = (options: RunnerOptions): ProjectionRunner => {
  const { store } = options
  const checkpoints = options.checkpoints ?? noCheckpoints
  const projections = options.projections ?? []
  const readModels = options.readModels ?? []
  const pageSize = options.pageSize ?? 20_000
  const foldEvents = options.foldEvents ?? 50_000
  const saveEveryEvents = options.saveEveryEvents ?? 50_000
  const saveAfterMs = options.saveAfterMs ?? 1000
  const coalesce = pauseOptions(options)
  const names = new Set([...projections.map((p) => p.name), ...readModels.map((m) => m.name)])
  if (names.size !== projections.length + readModels.length) throw new Error('projection names must be unique: they key the checkpoints')

  const slots: Slot[] = projections.map((projection) => ({ projection, state: projection.init(), position: -1 }))
  const models: ModelSlot[] = readModels.map((model) => ({ model, position: -1 }))
  let loaded: Promise<void> | undefined
  let unsaved = 0
  let appliedCount = 0
  let saving: Promise<void> = Promise.resolve()
  let timer: ReturnType<typeof setTimeout> | undefined
  let live: { readonly stop: AbortController; readonly done: Promise<void> } | undefined
  let waiters: { readonly position: number; readonly resolve: (reached: boolean) => void }[] = []
  // Set while the live loop waits to try again after a failure (the database down, a model throwing): nothing applies
  // until that try, so `waitFor` answers false at once rather than hold its caller to its timeout.
  let failing = false
  // Every application of events goes through this chain: the live feed and a refresh never interleave.
  let applying: Promise<unknown> = Promise.resolve()
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = applying.then(work, work)
    applying = next.catch(() => {})
    return next
  }

  const position = (): number => {
    if (slots.length + models.length === 0) return -1
    let min = Number.MAX_SAFE_INTEGER
    for (const s of slots) min = Math.min(min, s.position)
    for (const m of models) min = Math.min(min, m.position)
    return min
  }

  const load = (): Promise<void> =>
    (loaded ??= (async () => {
      for (const slot of slots) {
        const saved = await checkpoints.load(slot.projection.name)
        if (saved === undefined) continue
        const state = slot.projection.decode === undefined ? saved.state : slot.projection.decode(saved.state)
        // A model this build cannot read is rebuilt from position 0, never trusted.
        if (state === undefined) continue
        slot.state = state
        slot.position = saved.position
      }
      for (const m of models) m.position = await m.model.checkpoint()
    })())

  /** Every waiter answered false: the runner failed, and nothing applies until it tries again. */
  const failWaiters = (): void => {
    const failed = waiters
    waiters = []
    for (const w of failed) w.resolve(false)
  }

  const wakeWaiters = (): void => {
    if (waiters.length === 0) return
    const at = position()
    const ready = waiters.filter((w) => w.position <= at)
    waiters = waiters.filter((w) => w.position > at)
    for (const w of ready) w.resolve(true)
  }

  /** Applies a page (in position order) to whatever has not applied it yet. */
  const applyPage = async (page: readonly RecordedEvent[]): Promise<void> => {
    if (page.length === 0) return
    const last = page[page.length - 1]?.position ?? -1
    for (const m of models) {
      if (last <= m.position) continue
      // The model skips what its committed checkpoint already holds (another process may have applied it).
      m.position = Math.max(m.position, await m.model.apply(page))
    }
    for (const slot of slots) {
      if (last <= slot.position) continue
      for (const event of page) {
        if (event.position <= slot.position) continue
        slot.state = slot.projection.apply(slot.state, event)
        slot.position = event.position
      }
    }
    if (slots.length > 0) unsaved += page.length
    appliedCount += page.length
    wakeWaiters()
  }

  const save = (): Promise<void> => {
    saving = saving.then(async () => {
      if (unsaved === 0) return
      unsaved = 0
      await checkpoints.save(
        slots.map((s) => ({ name: s.projection.name, position: s.position, state: s.projection.encode === undefined ? s.state : s.projection.encode(s.state) })),
      )
    })
    return saving
  }

  /**
   * Reads pages until the end of the log as it is now, folding them into every read model and writing every `foldEvents`.
   * When a fold or flush throws, every model's fold is dropped (none keeps folded case state past the failure) and the
   * error is thrown: the next catch-up reads again from the checkpoints. (The other models are then held back to their
   * checkpoints until the failing one is fixed, by up to one fold rather than one page as when pages are applied one by one:
   * a failing model stops the runner either way.)
   */
  const drainFolding = async (onProgress?: (progress: RunnerProgress) => void): Promise<number> => {
    let applied = 0
    let from = position() + 1
    for (;;) {
      let folded = 0
      // The pages folded (their last position and length): what a flush wrote counts as applied.
      const pages: [number, number][] = []
      let end = false
      let through = from - 1
      try {
        while (!end && folded < foldEvents) {
          const page = await store.readAll({ fromPosition: from, limit: pageSize })
          end = page.length < pageSize
          const last = page[page.length - 1]?.position
          if (last === undefined) break
          // A model skips what it holds (its fold opened at its checkpoint); one already past the page is not asked.
          for (const m of models) if (last > m.position) m.model.fold?.(page)
          folded += page.length
          pages.push([last, page.length])
          through = last
          from = last + 1
          onProgress?.({ position: position(), applied, folded })
        }
        // Nothing new (a refresh on every list read, mostly): no flush, so no write lock taken or waited for.
        if (pages.length === 0) return position()
        for (const m of models) m.position = Math.max(m.position, await (m.model.flush?.() ?? m.model.checkpoint()))
      } catch (error) {
        for (const m of models) m.model.drop?.()
        throw error
      }
      const at = position()
      const written = pages.reduce((n, [last, length]) => (last <= at ? n + length : n), 0)
      if (written > 0) {
        applied += written
        appliedCount += written
        wakeWaiters()
        onProgress?.({ position: at, applied })
      }
      if (end && at >= through) return at
      // Read on from where every model is: before what was read when a fold was dropped (another process moved a
      // checkpoint meanwhile), after it when another writer is ahead (the pages every model holds are not read again).
      from = at + 1
    }
  }

  /** Reads and applies pages until the end of the log as it is now. */
  const drain = async (onProgress?: (progress: RunnerProgress) => void): Promise<number> => {
    if (foldEvents > 0 && slots.length === 0 && models.length > 0 && models.every((m) => m.model.fold !== undefined && m.model.flush !== undefined)) {
      return drainFolding(onProgress)
    }
    let applied = 0
    for (;;) {
      const page = await store.readAll({ fromPosition: position() + 1, limit: pageSize })
      await applyPage(page)
      applied += page.length
      if (page.length > 0) onProgress?.({ position: position(), applied })
      if (unsaved >= saveEveryEvents) await save()
      if (page.length < pageSize) return position()
    }
  }

  const catchUp = async (onProgress?: (progress: RunnerProgress) => void): Promise<number> => {
    await load()
    const at = await exclusive(() => drain(onProgress))
    await save()
    return at
  }

  // Between live passes (see `coalesceMs`); a reader waiting for a position cuts the wait short.
  const pauses = coalescing()

  const follow = async (signal: AbortSignal): Promise<void> => {
    // A stop asked before this (during a retry's catch-up) has already fired its abort: listening for it now would never
    // hear it, and the loop would follow on for good with `stop` waiting on it (found: a server's close hung after an
    // outage, the stop asked while the runner caught up on its retry).
    if (signal.aborted) return
    // Ended with the loop however it ends (a failed batch too), so that no read of the feed is left waiting.
    const feed = new AbortController()
    const onAbort = () => feed.abort()
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      await followPages(feed.signal)
    } finally {
      signal.removeEventListener('abort', onAbort)
      feed.abort()
    }
  }
  const followPages = async (signal: AbortSignal): Promise<void> => {
    const pauseAfter = adaptivePause(coalesce)
    // What arrived since the last pass is read as one page and applied as one batch (one transaction per read model).
    for await (const page of feedPages(store, { fromPosition: position() + 1, signal, maxPage: pageSize })) {
      const arrived = performance.now()
      await exclusive(() => applyPage(page))
      if (unsaved >= saveEveryEvents) await save()
      else if (unsaved > 0) timer ??= setTimeout(() => {
        timer = undefined
        save().catch((error: unknown) => options.onError?.(error))
      }, saveAfterMs)
      // Nobody waiting: let the next events gather for a moment rather than pay a pass for each.
      const pause = pauseAfter(arrived, page.length)
      if (waiters.length === 0) await pauses.wait(arrived, pause, signal)
    }
  }

  const stop = async (): Promise<void> => {
    const running = live
    live = undefined
    if (running !== undefined) {
      running.stop.abort()
      await running.done
    }
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    await save()
  }

  // Live until stopped: a failure is reported, and after a backoff the runner catches up from the checkpoints and follows
  // again (found in review: one failure stopped it for good, every read model frozen until a restart).
  const keepFollowing = async (signal: AbortSignal): Promise<void> => {
    for (let failures = 0; !signal.aborted; ) {
      const started = performance.now()
      try {
        if (failures > 0) {
          await catchUp()
          failing = false
        }
        await follow(signal)
        return
      } catch (error) {
        if (signal.aborted) return
        // A reader waiting for a position would wait for the retry at best (200 ms to 30 s away); during an outage its
        // read of the models fails too, and it answers now (503, Retry-After) rather than after its whole wait (found:
        // each command with an Idempotency-Key answered its 503 after 2 s while PostgreSQL was down).
        failing = true
        failWaiters()
        // Failures in a row wait longer each time; one after a stretch of following without any (the longest wait or
        // more) is a new one, tried again after the shortest (found in review: reset at every retry that read on, a feed
        // failing while events were written was retried at the shortest wait, each failure logged).
        failures = performance.now() - started >= (options.retryMaxMs ?? 30_000) ? 1 : failures + 1
        options.onError?.(error)
        await sleepUnless(backoffDelay(failures, { baseMs: options.retryBaseMs ?? 200, maxMs: options.retryMaxMs ?? 30_000 }), signal)
      }
    }
  }

  const start = async (): Promise<void> => {
    if (live !== undefined) return
    await catchUp()
    failing = false
    const controller = new AbortController()
    live = { stop: controller, done: keepFollowing(controller.signal) }
  }

  const bounded = (work: Promise<boolean>, timeoutMs: number | undefined): Promise<boolean> => {
    if (timeoutMs === undefined) return work
    let timeout: ReturnType<typeof setTimeout> | undefined
    return Promise.race([
      work,
      new Promise<boolean>((resolve) => {
        timeout = setTimeout(() => resolve(false), timeoutMs)
      }),
    ]).finally(() => clearTimeout(timeout))
  }

  const waitFor = (target: number, timeoutMs?: number): Promise<boolean> => {
    if (position() >= target) return Promise.resolve(true)
    if (failing) return Promise.resolve(false)
    const reached = new Promise<boolean>((resolve) => {
      waiters.push({ position: target, resolve })
    })
    pauses.hurry()
    return bounded(reached, timeoutMs)
  }

  return {
    start,
    stop,
    catchUp,
    rebuild: async (onProgress) => {
      const wasLive = live !== undefined
      await stop()
      await load()
      await exclusive(async () => {
        for (const slot of slots) {
          await checkpoints.reset(slot.projection.name)
          slot.state = slot.projection.init()
          slot.position = -1
        }
        for (const m of models) {
          await m.model.reset()
          m.position = -1
        }
      })
      const at = await catchUp(onProgress)
      if (wasLive) await start()
      return at
    },
    state: <S>(projection: Projection<S>): S => {
      const slot = slots.find((s) => s.projection.name === projection.name)
      if (slot === undefined) throw new Error(`projection ${projection.name} is not run by this runner`)
      return slot.state as S
    },
    position,
    applied: () => appliedCount,
    waitFor,
    refresh: (timeoutMs) =>
      bounded(
        (async () => {
          await load()
          await exclusive(() => drain())
          return true
        })(),
        timeoutMs,
      ),
  }
}
