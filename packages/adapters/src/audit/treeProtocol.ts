// What the tree log's main side and its worker thread (treeThread.ts) say to each other.
import type { KeyObject } from 'node:crypto'
import type { SignedTreeHead } from '@gridcase/core/audit'
import type { LeafRun } from './leafRuns.js'
import type { MerkleChunk } from './treeHeads.js'

/**
 * With a signer whose key the thread may hold and heads in a SQLite file: the thread saves the chunks it completes and
 * signs and saves a head every `everyEvents` itself (on a writable connection of its own to `file`), off the appending
 * thread, and reports each head it saved.
 */
export interface TreeThreadSigning {
  /** Absent: the thread signs the heads due and reports them (`signedHeads`) for the main side to save; it writes nothing. */
  readonly file?: string
  readonly key: KeyObject
  readonly keyId: string
  readonly everyEvents: number
  /** The newest head saved (by either side): the next is due `everyEvents` after it. */
  readonly lastHeadSize: number
  /** Chunks [savedChunks, chunks.length) were reported but maybe not written: the thread writes them with its next head. */
  readonly savedChunks: number
  /**
   * The main side's clock when it started the thread: a head is stamped with the time sent for the step that signs it
   * (this one for the first step; then a wake's, a `sign`'s or the stop's); a step without one asks for it (`wantsNow`).
   */
  readonly now: string
}

export interface TreeThreadData {
  /** The SQLite event store's file; the thread reads it on a read-only connection of its own. */
  readonly path: string
  /** The chunks already known (stored, or taken from the previous thread): the thread resumes after the last one. */
  readonly chunks: readonly MerkleChunk[]
  /** How often the thread looks for commits it was not told about (another process's), in ms. */
  readonly pollMs: number
  readonly signing?: TreeThreadSigning
}

/**
 * `wake`: look for new commits; `runs`, when given, are events this process committed since the last wake (taken
 * from them where they follow what the tree holds; the rest is read from the file).
 */
export type ToTree =
  | { readonly type: 'wake'; readonly runs?: readonly LeafRun[]; readonly now?: string }
  /** `sign`: the timer's head (anything new since the last head is signed, due or not); `signed`: the main side saved a head. */
  | { readonly type: 'sign'; readonly now: string }
  | { readonly type: 'signed'; readonly size: number }
  | { readonly type: 'stop'; readonly now?: string }

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
      /** With `signing`: the newest head the thread saved (so far), how many chunks are written, what failed since the last report. */
      readonly head?: SignedTreeHead
      readonly savedChunks?: number
      readonly errors?: readonly unknown[]
      /** With `signing` and no `file`: heads signed since the last report, oldest first, for the main side to save. */
      readonly signedHeads?: readonly SignedTreeHead[]
      /** With `signing`: a head is due and the thread has no time for it (no message asked for this step): send a `sign`. */
      readonly wantsNow?: true
    }
  | { readonly type: 'stopped'; readonly head?: SignedTreeHead; readonly errors?: readonly unknown[]; readonly signedHeads?: readonly SignedTreeHead[] }
