// The WAL index (the `-shm` file) as this project reads it: only to know how many frames wait for a checkpoint.
// Layout from SQLite's "WAL-mode File Format" (https://www.sqlite.org/walformat.html, §2.2 "The WAL-Index Header"),
// in the machine's own byte order: two copies of the 48-byte WalIndexHdr (its `mxFrame`, the last valid frame, at
// byte 16), then the WalCkptInfo (its `nBackfill`, frames already copied into the database, at byte 96).

/** Bytes of the WAL index read: both header copies and the checkpoint info's first field. */
export const WAL_INDEX_HEADER_BYTES = 100
const MX_FRAME = 16
const N_BACKFILL = 96
const BIG_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0

/** The WAL's last valid frame (`mxFrame`) and how many of its frames are copied into the database (`nBackfill`). */
export const walFrames = (header: Uint8Array): { readonly last: number; readonly copied: number } => {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength)
  return { last: view.getUint32(MX_FRAME, !BIG_ENDIAN), copied: view.getUint32(N_BACKFILL, !BIG_ENDIAN) }
}

/** Frames in the WAL not yet copied into the database: `mxFrame − nBackfill`. */
export const framesWaiting = (header: Uint8Array): number => {
  const { last, copied } = walFrames(header)
  return Math.max(0, last - copied)
}

/** What the checkpoint thread is started with. */
export interface WalCheckpointThreadData {
  readonly path: string
  /** Frames waiting that make it checkpoint. */
  readonly pages: number
  /** How often it reads the WAL index. */
  readonly pollMs: number
}

/**
 * What it reports: each checkpoint it ran, with the frames that waited, the frames it copied (SQLite's `checkpointed`
 * counts every frame of the WAL copied so far, this one's and earlier ones': those are taken off), and SQLite's `busy`.
 */
export interface FromCheckpointThread {
  readonly type: 'checkpointed'
  readonly waiting: number
  readonly copied: number
  readonly busy: number
}
