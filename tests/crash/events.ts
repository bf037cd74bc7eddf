import type { NewEvent } from '@gridcase/core'

/** The streams the crash writers share. */
export const STREAMS = Array.from({ length: 8 }, (_, i) => `complaint-crash-${i}`)

/** Which batch an event belongs to: the parent checks no batch is stored in part. */
export interface BatchMark {
  readonly batchId: string
  readonly index: number
  readonly size: number
  readonly writer: string
}

export const crashEvent = (mark: BatchMark): NewEvent => ({
  type: 'CrashTested',
  schemaVersion: 1,
  data: { ...mark, note: '诉求 under load' },
  metadata: {
    commandId: mark.batchId,
    correlationId: mark.batchId,
    causationId: mark.batchId,
    actor: { id: mark.writer, role: 'admin', jurisdiction: 'hohhot' },
    occurredAt: '2026-03-01T09:30:00+08:00',
  },
})

/** One acknowledged event, as the writer printed it. */
export interface Ack {
  readonly streamId: string
  readonly version: number
  readonly eventId: string
}

/** Complete `ack` lines only: a line cut by the kill was never fully acknowledged to us. */
export const parseAcks = (output: string): Ack[] =>
  output
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.startsWith('ack '))
    .map((line) => {
      const [, streamId = '', version = '', eventId = ''] = line.split(' ')
      return { streamId, version: Number(version), eventId }
    })
