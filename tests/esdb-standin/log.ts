// The stand-in's storage: one in-memory log, and streams as indexes into it.
// Positions imitate byte offsets in EventStoreDB's transaction file: they grow by
// each record's size, so they are monotonic but not contiguous, and a position that
// is not the start of a record is refused (as a real server refuses it in its active chunk).
// Commit and prepare positions are equal: every append is one implicit transaction.

export interface ProposedRecord {
  readonly id: string
  readonly type: string
  readonly contentType: string
  readonly data: Uint8Array
  readonly metadata: Uint8Array
}

export interface StoredRecord extends ProposedRecord {
  readonly streamId: string
  readonly revision: bigint
  readonly position: bigint
  /** .NET ticks (100 ns since 0001-01-01 is what the server sends; we send since the Unix epoch, as the client reads it). */
  readonly created: bigint
}

export type Expected = 'any' | 'no_stream' | 'stream_exists' | bigint

export type AppendOutcome =
  | { readonly ok: true; readonly currentRevision: bigint; readonly position: bigint }
  | { readonly ok: false; readonly reason: 'wrong-expected-version'; readonly current: bigint | undefined }
  | { readonly ok: false; readonly reason: 'stream-deleted' }

export interface RecordFilter {
  readonly on: 'stream' | 'type'
  readonly prefixes: readonly string[]
  readonly regex: RegExp | undefined
}

export const matchesFilter = (filter: RecordFilter | undefined, record: StoredRecord): boolean => {
  if (filter === undefined) return true
  const subject = filter.on === 'stream' ? record.streamId : record.type
  if (filter.regex !== undefined) return filter.regex.test(subject)
  return filter.prefixes.some((prefix) => subject.startsWith(prefix))
}

interface StreamState {
  readonly records: StoredRecord[]
  /** Soft delete hides revisions below this; the stream goes on numbering after them. */
  truncateBefore: bigint
  tombstoned: boolean
}

const recordSize = (r: ProposedRecord, streamId: string): bigint =>
  BigInt(64 + streamId.length + r.type.length + r.data.length + r.metadata.length)

export const transactionLog = (now: () => bigint) => {
  const records: StoredRecord[] = []
  const indexOfPosition = new Map<bigint, number>()
  const streams = new Map<string, StreamState>()
  const listeners = new Set<(record: StoredRecord) => void>()
  let end = 0n

  const visible = (s: StreamState | undefined): StoredRecord[] =>
    s === undefined ? [] : s.records.filter((r) => r.revision >= s.truncateBefore)
  const currentOf = (streamId: string): bigint | undefined => visible(streams.get(streamId)).at(-1)?.revision

  const matches = (expected: Expected, current: bigint | undefined): boolean =>
    expected === 'any' ||
    (expected === 'no_stream' && current === undefined) ||
    (expected === 'stream_exists' && current !== undefined) ||
    (typeof expected === 'bigint' && expected === current)

  const write = (streamId: string, proposed: readonly ProposedRecord[]): StoredRecord[] => {
    const state = streams.get(streamId) ?? { records: [], truncateBefore: 0n, tombstoned: false }
    streams.set(streamId, state)
    let revision = (state.records.at(-1)?.revision ?? -1n) + 1n
    const written = proposed.map((p) => {
      const record: StoredRecord = { ...p, streamId, revision, position: end, created: now() }
      revision += 1n
      indexOfPosition.set(end, records.length)
      records.push(record)
      state.records.push(record)
      end += recordSize(p, streamId)
      return record
    })
    for (const record of written) for (const listener of listeners) listener(record)
    return written
  }

  const append = (streamId: string, expected: Expected, proposed: readonly ProposedRecord[]): AppendOutcome => {
    const state = streams.get(streamId)
    if (state?.tombstoned === true) return { ok: false, reason: 'stream-deleted' }
    const current = currentOf(streamId)
    // Idempotent retry, as the server checks it for a concrete expected revision:
    // the same ids already sit right after the expected revision.
    if (expected === 'no_stream' || typeof expected === 'bigint') {
      const after = expected === 'no_stream' ? 0n : expected + 1n
      const already = visible(state).filter((r) => r.revision >= after).slice(0, proposed.length)
      const last = already.at(-1)
      if (last !== undefined && already.length === proposed.length && already.every((r, i) => r.id === proposed[i]?.id)) {
        return { ok: true, currentRevision: last.revision, position: last.position }
      }
    }
    if (!matches(expected, current)) return { ok: false, reason: 'wrong-expected-version', current }
    const written = write(streamId, proposed)
    const last = written.at(-1)
    return last === undefined
      ? { ok: true, currentRevision: current ?? -1n, position: end }
      : { ok: true, currentRevision: last.revision, position: last.position }
  }

  /** A stream's events from a revision (inclusive) in either direction; 'not-found' or 'deleted' when it has none to give. */
  const readStream = (
    streamId: string,
    from: bigint | 'start' | 'end',
    backwards: boolean,
    count: number,
  ): StoredRecord[] | 'not-found' | 'deleted' => {
    const state = streams.get(streamId)
    if (state?.tombstoned === true) return 'deleted'
    const events = visible(state)
    if (events.length === 0) return 'not-found'
    const bound = from === 'start' ? 0n : from === 'end' ? undefined : from
    const picked = backwards
      ? events.filter((r) => bound === undefined || r.revision <= bound).reverse()
      : events.filter((r) => bound !== undefined && r.revision >= bound)
    return picked.slice(0, count)
  }

  const isRecordStart = (position: bigint): boolean => position === end || indexOfPosition.has(position)

  /** $all from a position: forwards inclusive, backwards exclusive (as the server pages). */
  const readAll = (
    from: bigint | 'start' | 'end',
    backwards: boolean,
    count: number,
    filter: RecordFilter | undefined,
  ): StoredRecord[] | 'invalid-position' => {
    if (typeof from === 'bigint' && !isRecordStart(from)) return 'invalid-position'
    const start = from === 'start' ? 0n : from === 'end' ? end : from
    const picked = backwards
      ? records.filter((r) => r.position < start).reverse()
      : records.filter((r) => r.position >= start)
    return picked.filter((r) => matchesFilter(filter, r)).slice(0, count)
  }

  const softDelete = (streamId: string, expected: Expected): AppendOutcome => {
    const state = streams.get(streamId)
    if (state?.tombstoned === true) return { ok: false, reason: 'stream-deleted' }
    const current = currentOf(streamId)
    if (!matches(expected, current) || state === undefined || current === undefined) {
      return { ok: false, reason: 'wrong-expected-version', current }
    }
    state.truncateBefore = current + 1n
    // The server records a soft delete as metadata ($tb, truncate before) in the stream's metastream.
    const json = new TextEncoder().encode(JSON.stringify({ $tb: Number(current + 1n) }))
    const [meta] = write(`$$${streamId}`, [
      { id: crypto.randomUUID(), type: '$metadata', contentType: 'application/json', data: json, metadata: new Uint8Array() },
    ])
    return { ok: true, currentRevision: current, position: meta?.position ?? end }
  }

  const tombstone = (streamId: string, expected: Expected): AppendOutcome => {
    const state = streams.get(streamId) ?? { records: [], truncateBefore: 0n, tombstoned: false }
    if (state.tombstoned) return { ok: false, reason: 'stream-deleted' }
    const current = currentOf(streamId)
    if (!matches(expected, current)) return { ok: false, reason: 'wrong-expected-version', current }
    state.tombstoned = true
    streams.set(streamId, state)
    return { ok: true, currentRevision: current ?? -1n, position: end }
  }

  return {
    append,
    readStream,
    readAll,
    softDelete,
    tombstone,
    isRecordStart,
    /** Calls `listener` with every record written from now on, in log order; returns the unsubscribe. */
    listen: (listener: (record: StoredRecord) => void): (() => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    /** Writes without any check: the server's own events ($-streams) and other applications' streams. */
    writeRaw: (streamId: string, proposed: readonly ProposedRecord[]) => write(streamId, proposed),
    size: () => records.length,
  }
}

export type TransactionLog = ReturnType<typeof transactionLog>
