/** What a projection saved: the last global position it applied and its read model at that point. */
export interface SavedProjection {
  readonly name: string
  readonly position: number
  /** The encoded read model (see `Projection.encode`). */
  readonly state: unknown
}

/**
 * Where the runner keeps checkpoints and read models. `save` writes every entry, checkpoint and
 * model together, atomically where the store allows: a restart never sees a model that does not
 * match its checkpoint.
 */
export interface CheckpointStore {
  load(name: string): Promise<SavedProjection | undefined>
  save(entries: readonly SavedProjection[]): Promise<void>
  /** Forgets a projection (before a rebuild from position 0). */
  reset(name: string): Promise<void>
  close(): Promise<void>
}

/** Checkpoints in memory: for tests, and for read models that are rebuilt at every start. */
export const memoryCheckpoints = (): CheckpointStore & { readonly saves: () => number } => {
  const saved = new Map<string, string>()
  let saves = 0
  return {
    saves: () => saves,
    // Kept as JSON text, as a durable store would, so a loaded model never shares objects with a live one.
    load: async (name) => {
      const text = saved.get(name)
      return text === undefined ? undefined : (JSON.parse(text) as SavedProjection)
    },
    save: async (entries) => {
      saves += 1
      for (const entry of entries) saved.set(entry.name, JSON.stringify(entry))
    },
    reset: async (name) => {
      saved.delete(name)
    },
    close: async () => {},
  }
}
