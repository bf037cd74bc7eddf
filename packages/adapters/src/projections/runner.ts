import type { EventStore, RecordedEvent } from '@gridcase/core'
import type { Projection } from '@gridcase/core/projections'
import type { CheckpointStore } from './checkpoints.js'

export interface RunnerProgress {
  /** Global position of the last event applied. */
  readonly position: number
  /** Events applied in this run. */
  readonly applied: number
}

export interface RunnerOptions {
  readonly store: EventStore
  readonly projections: readonly Projection<unknown>[]
  readonly checkpoints: CheckpointStore
  /** Events per read while catching up (default 1000). */
  readonly pageSize?: number
  /** Save at least this often while events keep coming (default every 50 000 events). */
  readonly saveEveryEvents?: number
  /** While live, save this long after the last unsaved event (default 1000 ms). */
  readonly saveAfterMs?: number
  /** Called when the live loop fails (a projection threw, the store failed); the runner has stopped. */
  readonly onError?: (error: unknown) => void
}

/** Feeds projections from the log and keeps their checkpoints and read models. */
export interface ProjectionRunner {
  /** Loads saved read models, catches up with the log, then follows it live. */
  start(): Promise<void>
  /** Stops following and saves. */
  stop(): Promise<void>
  /** Applies what is in the log now, saves, and returns the last position applied (-1 for an empty log). */
  catchUp(onProgress?: (progress: RunnerProgress) => void): Promise<number>
  /** Forgets every checkpoint and read model and replays the log from position 0 (live again if it was). */
  rebuild(onProgress?: (progress: RunnerProgress) => void): Promise<number>
  /** A projection's current read model. Read it synchronously: `apply` keeps updating it. */
  state<S>(projection: Projection<S>): S
  /** The last position every projection has applied (-1 before any). */
  position(): number
  /** Resolves once every projection has applied the event at `position` (or a later one). */
  waitFor(position: number): Promise<void>
}

interface Slot {
  readonly projection: Projection<unknown>
  state: unknown
  position: number
}

/** 投影运行器 — runs projections over the store's log, resuming from checkpoint + 1 after a restart. */
export const projectionRunner = (options: RunnerOptions): ProjectionRunner => {
  const { store, checkpoints } = options
  const pageSize = options.pageSize ?? 1000
  const saveEveryEvents = options.saveEveryEvents ?? 50_000
  const saveAfterMs = options.saveAfterMs ?? 1000
  const names = new Set(options.projections.map((p) => p.name))
  if (names.size !== options.projections.length) throw new Error('projection names must be unique: they key the checkpoints')

  const slots: Slot[] = options.projections.map((projection) => ({ projection, state: projection.init(), position: -1 }))
  let loaded: Promise<void> | undefined
  let unsaved = 0
  let saving: Promise<void> = Promise.resolve()
  let timer: ReturnType<typeof setTimeout> | undefined
  let live: { readonly stop: AbortController; readonly done: Promise<void> } | undefined
  let waiters: { readonly position: number; readonly resolve: () => void }[] = []

  const lowest = (): number => slots.reduce((min, s) => Math.min(min, s.position), Number.MAX_SAFE_INTEGER)
  const position = (): number => (slots.length === 0 ? -1 : lowest())

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
    })())

  const wakeWaiters = (): void => {
    if (waiters.length === 0) return
    const at = position()
    const ready = waiters.filter((w) => w.position <= at)
    waiters = waiters.filter((w) => w.position > at)
    for (const w of ready) w.resolve()
  }

  const apply = (event: RecordedEvent): void => {
    for (const slot of slots) {
      if (event.position <= slot.position) continue
      slot.state = slot.projection.apply(slot.state, event)
      slot.position = event.position
    }
    unsaved += 1
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

  const catchUp = async (onProgress?: (progress: RunnerProgress) => void): Promise<number> => {
    await load()
    let applied = 0
    for (;;) {
      const page = await store.readAll({ fromPosition: position() + 1, limit: pageSize })
      for (const event of page) apply(event)
      applied += page.length
      if (page.length > 0) onProgress?.({ position: position(), applied })
      wakeWaiters()
      if (unsaved >= saveEveryEvents) await save()
      if (page.length < pageSize) break
    }
    await save()
    return position()
  }

  const follow = async (signal: AbortSignal): Promise<void> => {
    for await (const event of store.subscribe({ fromPosition: position() + 1, signal })) {
      apply(event)
      wakeWaiters()
      if (unsaved >= saveEveryEvents) await save()
      else timer ??= setTimeout(() => {
        timer = undefined
        save().catch((error: unknown) => options.onError?.(error))
      }, saveAfterMs)
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

  const start = async (): Promise<void> => {
    if (live !== undefined) return
    await catchUp()
    const controller = new AbortController()
    const done = follow(controller.signal).catch((error: unknown) => {
      live = undefined
      options.onError?.(error)
    })
    live = { stop: controller, done }
  }

  return {
    start,
    stop,
    catchUp,
    rebuild: async (onProgress) => {
      const wasLive = live !== undefined
      await stop()
      await load()
      for (const slot of slots) {
        await checkpoints.reset(slot.projection.name)
        slot.state = slot.projection.init()
        slot.position = -1
      }
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
    waitFor: (target) =>
      new Promise<void>((resolve) => {
        if (position() >= target) resolve()
        else waiters.push({ position: target, resolve })
      }),
  }
}
