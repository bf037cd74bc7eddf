import type { Settled } from '../groupCommit.js'
import type { SqliteSynchronous } from './open.js'
import type { Append, AppendOutcome } from './writer.js'

/** What the writer thread is started with. */
export interface WriterThreadData {
  readonly path: string
  readonly synchronous?: SqliteSynchronous
  readonly busyTimeoutMs?: number
}

/** An error as it crosses threads: structured clone keeps an Error's message but drops fields such as SQLite's `code`. */
export interface WireError {
  readonly name: string
  readonly message: string
  readonly code?: string
}

export type ToWriter = { readonly type: 'commit'; readonly id: number; readonly group: readonly Append[] } | { readonly type: 'close' }

export type WireSettled = { readonly ok: AppendOutcome } | { readonly error: WireError }

export type FromWriter =
  | { readonly type: 'committed'; readonly id: number; readonly settled: readonly WireSettled[] }
  | { readonly type: 'failed'; readonly id: number; readonly error: WireError }
  | { readonly type: 'closed' }

export const toWire = (error: unknown): WireError => {
  const e = error instanceof Error ? error : new Error(String(error))
  const code = (e as Error & { code?: unknown }).code
  return { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) }
}

export const fromWire = (wire: WireError): Error => {
  const error = new Error(wire.message) as Error & { code?: string }
  error.name = wire.name
  if (wire.code !== undefined) error.code = wire.code
  return error
}

export const wireSettled = (settled: Settled<AppendOutcome>): WireSettled => ('ok' in settled ? settled : { error: toWire(settled.error) })
