// What the tree log's main side and its worker thread (treeThread.ts) say to each other.
import type { LeafRun } from './leafRuns.js'
import type { MerkleChunk } from './treeHeads.js'

export interface TreeThreadData {
  /** The SQLite event store's file; the thread reads it on a read-only connection of its own. */
  readonly path: string
  /** The chunks already known (stored, or taken from the previous thread): the thread resumes after the last one. */
  readonly chunks: readonly MerkleChunk[]
  /** How often the thread looks for commits it was not told about (another process's), in ms. */
  readonly pollMs: number
}

/**
 * `wake`: look for new commits; `runs`, when given, are events this process committed since the last wake (taken
 * from them where they follow what the tree holds; the rest is read from the file).
 */
export type ToTree = { readonly type: 'wake'; readonly runs?: readonly LeafRun[] } | { readonly type: 'stop' }

export type FromTree =
  | {
      readonly type: 'tree'
      /** Leaves taken in, and the root over exactly them (the first `size` events in commit order). */
      readonly size: number
      readonly root: Uint8Array
      /** Position of the last event taken in (-1: none). */
      readonly lastPosition: number
      /** Chunks completed by this step, in order, following those the thread was started with or sent before. */
      readonly chunks: readonly MerkleChunk[]
      /** The log's last position when the thread read it: what it had not taken in yet is the lag. */
      readonly logPosition: number
      /** True when the read found nothing more: the tree holds everything committed at that read. */
      readonly caughtUp: boolean
      /** Leaves this thread took from the runs sent with its wakes (not read back from the file), so far. */
      readonly fromCommits: number
    }
  | { readonly type: 'stopped' }
