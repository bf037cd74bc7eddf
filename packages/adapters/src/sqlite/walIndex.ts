// The WAL index (the `-shm` file) as this project reads it: only to know how many frames wait for a checkpoint.
// Layout from SQLite's "WAL-mode File Format" (https://www.sqlite.org/walformat.html, §2.2 "The WAL-Index Header"),
// in the machine's own byte order: two copies of the 48-byte WalIndexHdr (its `mxFrame`, the last valid frame, at
// byte 16), then the WalCkptInfo (its `nBackfill`, frames already copied into the database, at byte 96).

/** Bytes of the WAL index read: both header copies and the checkpoint info's first field. */
export const WAL_INDEX_HEADER_BYTES = 100
const MX_FRAME = 16
const N_BACKFILL = 96
const BIG_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0

/** Frames in the WAL not yet copied into the database: `mxFrame − nBackfill` of the index's first bytes. */
export const framesWaiting = (header: Uint8Array): number => {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength)
  const mxFrame = view.getUint32(MX_FRAME, !BIG_ENDIAN)
  const nBackfill = view.getUint32(N_BACKFILL, !BIG_ENDIAN)
  return Math.max(0, mxFrame - nBackfill)
}

/** What the checkpoint thread is started with. */
export interface WalCheckpointThreadData {
  readonly path: string
  /** Frames waiting that make it checkpoint. */
  readonly pages: number
  /** How often it reads the WAL index. */
  readonly pollMs: number
}

/** What it reports: each checkpoint it ran, with SQLite's answer (`busy`, frames in the WAL, frames copied). */
export interface FromCheckpointThread {
  readonly type: 'checkpointed'
  readonly waiting: number
  readonly busy: number
  readonly log: number
  readonly checkpointed: number
}
