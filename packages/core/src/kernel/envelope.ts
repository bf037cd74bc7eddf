import type { Actor } from './actor.js'

/** What the store records about the command that produced an event. */
export interface EventMetadata {
  readonly commandId: string
  readonly correlationId: string
  readonly causationId: string
  readonly actor: Actor
  /** When the command happened (the command's `meta.at`). */
  readonly occurredAt: string
  /** What the command's idempotency key was bound to (an HTTP request's actor, route and body, hashed), when it had one. */
  readonly requestHash?: string
  /** When the store wrote it (the store's clock). */
  readonly recordedAt: string
  readonly prevHash: string
  readonly hash: string
}

/** An event as the store keeps it: the fact plus where and how it was recorded. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly eventId: string
  readonly streamId: string
  /** 0-based within the stream. */
  readonly version: number
  /** Global, monotonic in commit order; not necessarily contiguous. */
  readonly position: number
  readonly type: Type
  readonly schemaVersion: number
  readonly data: Data
  readonly metadata: EventMetadata
}

/** An event on its way into the store: the store adds ids, versions, positions, time and hashes. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly type: Type
  readonly schemaVersion: number
  readonly data: Data
  readonly metadata: Omit<EventMetadata, 'recordedAt' | 'prevHash' | 'hash'>
  /** Optional fixed id (e.g. derived from the command id); the store generates one otherwise. */
  readonly eventId?: string
}
