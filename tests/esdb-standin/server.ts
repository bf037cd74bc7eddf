// An in-process stand-in for an EventStoreDB node, for tests only: a grpc-js server that speaks
// the client's own generated service definitions (@eventstore/db-client/generated/*_grpc_pb.js),
// so the real client drives it over a real port with `esdb://127.0.0.1:PORT?tls=false`.
//
// It models: Streams.Append, Streams.BatchAppend (advertised through ServerFeatures; switch off with
// `batchAppend: false` to drive the client's older Append path), Streams.Read of a stream or of $all,
// forwards and backwards, from a revision / position / start / end, with a count and filters;
// catch-up subscriptions to $all or a stream (confirmation, catch-up, then live, with checkpoint
// messages when filtered); Streams.Delete and Tombstone; idempotent appends of the same ids after a
// concrete expected revision; refusal of $all positions that are not the start of a record.
//
// It does NOT model: authentication and ACLs (everything is allowed, credentials are ignored), TLS,
// clustering, gossip, leader election and `requires-leader`, persistent subscriptions, projections,
// users, operations/monitoring, stream metadata ($maxAge, $maxCount, ACLs) beyond soft delete,
// resolveLinkTos (link events are written, as the by-category projection does, never resolved), scavenging, deadlines, the size limits, durability (everything is
// in memory and gone at stop), explicit transactions and the difference between commit and prepare
// positions (here every event is its own committed record and both positions are equal),
// `$all` from an arbitrary position inside a completed chunk (real servers round forward there),
// the idempotency check for expected revision `any`, caught-up / fell-behind messages (added in
// servers after 21.10), and the server's own system events beyond those `noise()` writes and the link and
// statistics events written between appends (`systemEvents`).
import * as grpc from '@grpc/grpc-js'
import { randomUUID } from 'node:crypto'
import { matchesFilter, transactionLog, type AppendOutcome, type Expected, type ProposedRecord, type RecordFilter, type StoredRecord, type TransactionLog } from './log.js'
import { anyPb, featuresGrpc, featuresPb, sharedPb, statusPb, streamsGrpc, streamsPb } from './protos.js'

type Uuid = InstanceType<typeof sharedPb.UUID>
type StreamIdentifier = InstanceType<typeof sharedPb.StreamIdentifier>
type ReadOptions = InstanceType<typeof streamsPb.ReadReq.Options>
type ReadResp = InstanceType<typeof streamsPb.ReadResp>
type StatusCode = Parameters<InstanceType<typeof statusPb.Status>['setCode']>[0]
type ExpectedOptions = { hasNoStream(): boolean; hasStreamExists(): boolean; hasAny(): boolean }

export interface StandinOptions {
  /** Advertise and serve Streams.BatchAppend (default true: what a 21.10+ server does). */
  readonly batchAppend?: boolean
  /**
   * Write what a real server with its system projections writes into $all as the application appends
   * (default true): after each append to an application stream, a `$>` link event in `$ce-<category>` (the
   * by-category projection), and after every third a `$statsCollected` event. So an application's events are
   * never adjacent in $all, and an adapter that assumed they were (or that $all holds only its events) fails.
   */
  readonly systemEvents?: boolean
  /** The port to listen on (default: any free one); a node restarted on its port, for tests of a lost connection. */
  readonly port?: number
}

export interface Standin {
  readonly connectionString: string
  readonly port: number
  readonly log: TransactionLog
  /** Writes what a real $all also holds: a server ($-stream) event and another application's event. */
  noise(): void
  stop(): Promise<void>
}

const TICKS_PER_MS = 10_000n
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const uuidOf = (uuid: Uuid | undefined): string => {
  if (uuid === undefined) throw new Error('missing uuid')
  let text = uuid.getString()
  if (uuid.hasStructured()) {
    const s = uuid.getStructured()
    const hex = (v: string) => BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0')
    const h = hex(s?.getMostSignificantBits() ?? '0') + hex(s?.getLeastSignificantBits() ?? '0')
    text = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }
  // The server parses ids as Guids and prints them lower-case.
  const id = text.toLowerCase()
  if (!UUID_PATTERN.test(id)) throw new Error(`"${text}" is not a uuid`)
  return id
}

const streamNameOf = (identifier: StreamIdentifier | undefined): string =>
  Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8')

const identifier = (streamId: string): StreamIdentifier =>
  new sharedPb.StreamIdentifier().setStreamName(new Uint8Array(Buffer.from(streamId, 'utf8')))

const expectedOf = (options: ExpectedOptions, revision: () => string | undefined): Expected => {
  const concrete = revision()
  if (concrete !== undefined) return BigInt(concrete)
  if (options.hasNoStream()) return 'no_stream'
  if (options.hasStreamExists()) return 'stream_exists'
  return 'any'
}

const proposedOf = (m: {
  getId(): Uuid | undefined
  getMetadataMap(): { get(key: string): string | undefined }
  getData_asU8(): Uint8Array
  getCustomMetadata_asU8(): Uint8Array
}): ProposedRecord => ({
  id: uuidOf(m.getId()),
  type: m.getMetadataMap().get('type') ?? '',
  contentType: m.getMetadataMap().get('content-type') ?? 'application/octet-stream',
  data: m.getData_asU8(),
  metadata: m.getCustomMetadata_asU8(),
})

const recordedEvent = (r: StoredRecord) => {
  const e = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(new sharedPb.UUID().setString(r.id))
    .setStreamIdentifier(identifier(r.streamId))
    .setStreamRevision(r.revision.toString())
    .setPreparePosition(r.position.toString())
    .setCommitPosition(r.position.toString())
    .setData(r.data)
    .setCustomMetadata(r.metadata)
  e.getMetadataMap().set('type', r.type).set('content-type', r.contentType).set('created', r.created.toString())
  return e
}

const eventResponse = (r: StoredRecord): ReadResp =>
  new streamsPb.ReadResp().setEvent(
    new streamsPb.ReadResp.ReadEvent().setEvent(recordedEvent(r)).setCommitPosition(r.position.toString()),
  )

const checkpointResponse = (position: bigint): ReadResp =>
  new streamsPb.ReadResp().setCheckpoint(
    new streamsPb.ReadResp.Checkpoint().setCommitPosition(position.toString()).setPreparePosition(position.toString()),
  )

/** A gRPC error as the server sends it: the client maps the `exception` trailer to its error classes. */
const failure = (code: grpc.status, details: string, trailers: Record<string, string> = {}): grpc.ServiceError => {
  const metadata = new grpc.Metadata()
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value)
  return Object.assign(new Error(details), { code, details, metadata })
}

const streamDeleted = (streamId: string) =>
  failure(grpc.status.FAILED_PRECONDITION, `Event stream '${streamId}' is deleted.`, { exception: 'stream-deleted', 'stream-name': streamId })

const wrongExpectedVersionDetails = (expected: Expected, current: bigint | undefined) => {
  const w = new sharedPb.WrongExpectedVersion()
  if (current === undefined) w.setCurrentNoStream(new sharedPb.Empty())
  else w.setCurrentStreamRevision(current.toString())
  if (typeof expected === 'bigint') w.setExpectedStreamPosition(expected.toString())
  else if (expected === 'no_stream') w.setExpectedNoStream(new sharedPb.Empty())
  else if (expected === 'stream_exists') w.setExpectedStreamExists(new sharedPb.Empty())
  else w.setExpectedAny(new sharedPb.Empty())
  return w
}

const filterOf = (options: ReadOptions): { filter: RecordFilter | undefined; checkpointEvery: number } => {
  const f = options.getFilter()
  if (!options.hasFilter() || f === undefined) return { filter: undefined, checkpointEvery: 0 }
  const on = f.hasStreamIdentifier() ? 'stream' : 'type'
  const expression = on === 'stream' ? f.getStreamIdentifier() : f.getEventType()
  const regex = expression?.getRegex() ?? ''
  const window = f.hasMax() ? f.getMax() : 32
  return {
    filter: { on, prefixes: expression?.getPrefixList() ?? [], regex: regex === '' ? undefined : new RegExp(regex) },
    checkpointEvery: Math.max(1, f.getCheckpointintervalmultiplier()) * window,
  }
}

/** Starts a stand-in on 127.0.0.1 and a random port, insecure. */
export const startStandin = async (options: StandinOptions = {}): Promise<Standin> => {
  const log = transactionLog(() => BigInt(Date.now()) * TICKS_PER_MS)
  const batchAppend = options.batchAppend ?? true
  const server = new grpc.Server()

  const noise = () => {
    const json = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value)))
    log.writeRaw('$stats-127.0.0.1:2113', [
      { id: randomUUID(), type: '$statsCollected', contentType: 'application/json', data: json({ proc: 1 }), metadata: new Uint8Array() },
    ])
    log.writeRaw(`other-app-${randomUUID()}`, [
      { id: randomUUID(), type: 'SomethingElse', contentType: 'application/json', data: json({ x: 1 }), metadata: new Uint8Array() },
    ])
  }
  // A real $all never starts with the application's events.
  noise()

  // What the server's own projections and statistics add to $all between the application's appends.
  let appends = 0
  const systemEvents = options.systemEvents ?? true
  const appendWithSystemEvents = (streamId: string, expected: Expected, proposed: readonly ProposedRecord[]): AppendOutcome => {
    const outcome = log.append(streamId, expected, proposed)
    if (!systemEvents || !outcome.ok || streamId.startsWith('$') || proposed.length === 0) return outcome
    const text = (value: string) => new Uint8Array(Buffer.from(value))
    const first = outcome.currentRevision - BigInt(proposed.length) + 1n
    const category = streamId.split('-')[0] ?? streamId
    log.writeRaw(
      `$ce-${category}`,
      proposed.map((_, i) => ({ id: randomUUID(), type: '$>', contentType: 'application/octet-stream', data: text(`${first + BigInt(i)}@${streamId}`), metadata: new Uint8Array() })),
    )
    appends += 1
    if (appends % 3 === 0) {
      log.writeRaw('$stats-127.0.0.1:2113', [
        { id: randomUUID(), type: '$statsCollected', contentType: 'application/json', data: text(JSON.stringify({ proc: appends })), metadata: new Uint8Array() },
      ])
    }
    return outcome
  }

  const appendResponse = (outcome: AppendOutcome, streamId: string, expected: Expected) => {
    if (!outcome.ok && outcome.reason === 'stream-deleted') return streamDeleted(streamId)
    const resp = new streamsPb.AppendResp()
    if (outcome.ok) {
      const position = new streamsPb.AppendResp.Position()
        .setCommitPosition(outcome.position.toString())
        .setPreparePosition(outcome.position.toString())
      return resp.setSuccess(new streamsPb.AppendResp.Success().setCurrentRevision(outcome.currentRevision.toString()).setPosition(position))
    }
    const w = new streamsPb.AppendResp.WrongExpectedVersion()
    if (outcome.current === undefined) w.setCurrentNoStream(new sharedPb.Empty())
    else w.setCurrentRevision(outcome.current.toString())
    if (typeof expected === 'bigint') w.setExpectedRevision(expected.toString())
    else if (expected === 'no_stream') w.setExpectedNoStream(new sharedPb.Empty())
    else if (expected === 'stream_exists') w.setExpectedStreamExists(new sharedPb.Empty())
    else w.setExpectedAny(new sharedPb.Empty())
    return resp.setWrongExpectedVersion(w)
  }

  const subscribe = (call: grpc.ServerWritableStream<unknown, ReadResp>, o: ReadOptions) => {
    const { filter, checkpointEvery } = filterOf(o)
    let backlog: StoredRecord[]
    let accept: (r: StoredRecord) => boolean
    if (o.hasAll()) {
      const all = o.getAll()
      const position = all?.getPosition()
      if (all?.hasPosition() === true && position !== undefined) {
        const after = BigInt(position.getCommitPosition())
        if (!log.isRecordStart(after)) return call.emit('error', failure(grpc.status.INVALID_ARGUMENT, 'Invalid position.'))
        // A subscription starts after its position (a checkpoint); a read starts at it.
        const read = log.readAll(after, false, Number.MAX_SAFE_INTEGER, undefined)
        backlog = read === 'invalid-position' ? [] : read.filter((r) => r.position > after)
      } else {
        const read = all?.hasEnd() === true ? [] : log.readAll('start', false, Number.MAX_SAFE_INTEGER, undefined)
        backlog = read === 'invalid-position' ? [] : read
      }
      accept = (r) => matchesFilter(filter, r)
    } else {
      const s = o.getStream()
      const streamId = streamNameOf(s?.getStreamIdentifier())
      const after = s?.hasRevision() === true ? BigInt(s.getRevision()) : s?.hasEnd() === true ? undefined : -1n
      const read = after === undefined ? [] : log.readStream(streamId, 'start', false, Number.MAX_SAFE_INTEGER)
      backlog = typeof read === 'string' ? [] : read.filter((r) => after !== undefined && r.revision > after)
      accept = (r) => r.streamId === streamId
    }
    call.write(new streamsPb.ReadResp().setConfirmation(new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())))
    let considered = 0
    const deliver = (r: StoredRecord) => {
      if (accept(r)) call.write(eventResponse(r))
      considered += 1
      if (filter !== undefined && considered % checkpointEvery === 0) call.write(checkpointResponse(r.position))
    }
    // Catch-up and going live happen in one synchronous step: no write can fall between them.
    backlog.forEach(deliver)
    const unlisten = log.listen(deliver)
    call.on('cancelled', unlisten)
    call.on('close', unlisten)
  }

  const read: grpc.handleServerStreamingCall<InstanceType<typeof streamsPb.ReadReq>, ReadResp> = (call) => {
    const o = call.request.getOptions()
    if (o === undefined) return call.emit('error', failure(grpc.status.INVALID_ARGUMENT, 'Read without options.'))
    if (o.hasSubscription()) return subscribe(call, o)
    const backwards = o.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS
    const count = o.hasCount() ? Number(o.getCount()) : Number.MAX_SAFE_INTEGER
    if (o.hasStream()) {
      const s = o.getStream()
      const streamId = streamNameOf(s?.getStreamIdentifier())
      const from = s?.hasRevision() === true ? BigInt(s.getRevision()) : s?.hasEnd() === true ? 'end' : 'start'
      const result = log.readStream(streamId, from, backwards, count)
      if (result === 'deleted') return call.emit('error', streamDeleted(streamId))
      if (result === 'not-found') {
        call.write(new streamsPb.ReadResp().setStreamNotFound(new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(identifier(streamId))))
        return call.end()
      }
      for (const r of result) call.write(eventResponse(r))
      return call.end()
    }
    const all = o.getAll()
    const position = all?.getPosition()
    const from = all?.hasPosition() === true && position !== undefined ? BigInt(position.getCommitPosition()) : all?.hasEnd() === true ? 'end' : 'start'
    const result = log.readAll(from, backwards, count, filterOf(o).filter)
    if (result === 'invalid-position') return call.emit('error', failure(grpc.status.INVALID_ARGUMENT, 'Invalid position.'))
    for (const r of result) call.write(eventResponse(r))
    call.end()
  }

  const append: grpc.handleClientStreamingCall<InstanceType<typeof streamsPb.AppendReq>, InstanceType<typeof streamsPb.AppendResp>> = (call, callback) => {
    let options: InstanceType<typeof streamsPb.AppendReq.Options> | undefined
    const proposed: ProposedRecord[] = []
    let problem: Error | undefined
    call.on('data', (req: InstanceType<typeof streamsPb.AppendReq>) => {
      try {
        if (req.hasOptions()) options = req.getOptions()
        const message = req.getProposedMessage()
        if (message !== undefined) proposed.push(proposedOf(message))
      } catch (error) {
        problem = error as Error
      }
    })
    call.on('end', () => {
      if (problem !== undefined || options === undefined) {
        return callback(failure(grpc.status.INVALID_ARGUMENT, problem?.message ?? 'Append without options.'))
      }
      const o = options
      const streamId = streamNameOf(o.getStreamIdentifier())
      const expected = expectedOf(o, () => (o.hasRevision() ? o.getRevision() : undefined))
      const response = appendResponse(appendWithSystemEvents(streamId, expected, proposed), streamId, expected)
      return response instanceof Error ? callback(response) : callback(null, response)
    })
  }

  const batchAppendHandler: grpc.handleBidiStreamingCall<
    InstanceType<typeof streamsPb.BatchAppendReq>,
    InstanceType<typeof streamsPb.BatchAppendResp>
  > = (call) => {
    const pending = new Map<string, { streamId: string; expected: Expected; proposed: ProposedRecord[] }>()
    call.on('data', (req: InstanceType<typeof streamsPb.BatchAppendReq>) => {
      const correlation = req.getCorrelationId()
      const key = uuidOf(correlation)
      const resp = new streamsPb.BatchAppendResp().setCorrelationId(correlation)
      try {
        const o = req.getOptions()
        if (o !== undefined) {
          const expected = expectedOf(o, () => (o.hasStreamPosition() ? o.getStreamPosition() : undefined))
          pending.set(key, { streamId: streamNameOf(o.getStreamIdentifier()), expected, proposed: [] })
        }
        const batch = pending.get(key)
        if (batch === undefined) throw new Error('a batch without options')
        batch.proposed.push(...req.getProposedMessagesList().map(proposedOf))
        if (!req.getIsFinal()) return
        pending.delete(key)
        resp.setStreamIdentifier(identifier(batch.streamId))
        const outcome = appendWithSystemEvents(batch.streamId, batch.expected, batch.proposed)
        if (outcome.ok) {
          const position = new sharedPb.AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString())
          resp.setSuccess(new streamsPb.BatchAppendResp.Success().setCurrentRevision(outcome.currentRevision.toString()).setPosition(position))
        } else {
          const [typeName, detail] =
            outcome.reason === 'stream-deleted'
              ? ['event_store.client.StreamDeleted', new sharedPb.StreamDeleted().setStreamIdentifier(identifier(batch.streamId))]
              : ['event_store.client.WrongExpectedVersion', wrongExpectedVersionDetails(batch.expected, outcome.current)]
          const any = new anyPb.Any()
          any.pack(detail.serializeBinary(), typeName)
          resp.setError(new statusPb.Status().setCode(grpc.status.FAILED_PRECONDITION as number as StatusCode).setMessage(outcome.reason).setDetails(any))
        }
      } catch (error) {
        const any = new anyPb.Any()
        any.pack(new sharedPb.Unknown().serializeBinary(), 'event_store.client.Unknown')
        resp.setError(new statusPb.Status().setCode(grpc.status.INVALID_ARGUMENT as number as StatusCode).setMessage((error as Error).message).setDetails(any))
      }
      call.write(resp)
    })
    call.on('end', () => call.end())
  }

  const deletion =
    (kind: 'delete' | 'tombstone'): grpc.handleUnaryCall<InstanceType<typeof streamsPb.DeleteReq>, InstanceType<typeof streamsPb.DeleteResp>> =>
    (call, callback) => {
      const o = call.request.getOptions()
      if (o === undefined) return callback(failure(grpc.status.INVALID_ARGUMENT, 'Delete without options.'))
      const streamId = streamNameOf(o.getStreamIdentifier())
      const expected = expectedOf(o, () => (o.hasRevision() ? o.getRevision() : undefined))
      const outcome = kind === 'delete' ? log.softDelete(streamId, expected) : log.tombstone(streamId, expected)
      if (outcome.ok) {
        const at = outcome.position.toString()
        // Tombstone's response has the same fields as Delete's but is its own message type.
        const response =
          kind === 'delete'
            ? new streamsPb.DeleteResp().setPosition(new streamsPb.DeleteResp.Position().setCommitPosition(at).setPreparePosition(at))
            : new streamsPb.TombstoneResp().setPosition(new streamsPb.TombstoneResp.Position().setCommitPosition(at).setPreparePosition(at))
        return callback(null, response as InstanceType<typeof streamsPb.DeleteResp>)
      }
      if (outcome.reason === 'stream-deleted') return callback(streamDeleted(streamId))
      callback(
        failure(grpc.status.FAILED_PRECONDITION, `Append failed due to WrongExpectedVersion. Stream: ${streamId}`, {
          exception: 'wrong-expected-version',
          'stream-name': streamId,
          'expected-version': typeof expected === 'bigint' ? expected.toString() : '-2',
          ...(outcome.current === undefined ? {} : { 'actual-version': outcome.current.toString() }),
        }),
      )
    }

  server.addService(streamsGrpc.StreamsService, {
    read,
    append,
    batchAppend: batchAppendHandler,
    delete: deletion('delete'),
    // Tombstone's request carries the same fields as Delete's.
    tombstone: deletion('tombstone') as unknown as grpc.UntypedHandleCall,
  })
  server.addService(featuresGrpc.ServerFeaturesService, {
    getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<InstanceType<typeof featuresPb.SupportedMethods>>) => {
      const method = (name: string) =>
        new featuresPb.SupportedMethod().setServiceName('event_store.client.streams.Streams').setMethodName(name)
      const names = ['Read', 'Append', 'Delete', 'Tombstone', ...(batchAppend ? ['BatchAppend'] : [])]
      callback(null, new featuresPb.SupportedMethods().setEventStoreServerVersion('21.10.0-standin').setMethodsList(names.map(method)))
    },
  })

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  )
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    port,
    log,
    noise,
    // Subscriptions never end by themselves, so a graceful shutdown would wait for ever.
    stop: async () => server.forceShutdown(),
  }
}
