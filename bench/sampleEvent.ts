// The one event the store benches append: a note of realistic size, with a full envelope's metadata.
import type { NewEvent } from '@gridcase/core'

/** The n-th sample event (its command ids differ, so no two are the same command). */
export const sampleEvent = (n: number): NewEvent => ({
  type: 'ComplaintNoted',
  schemaVersion: 1,
  data: { n, note: '小区东门路灯不亮，已报修三次', channel: '12345', tags: ['lighting', 'safety'] },
  metadata: {
    commandId: `cmd-${n}`,
    correlationId: `corr-${n}`,
    causationId: `cmd-${n}`,
    actor: { id: 'grid-017', role: 'grid-worker', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' },
    occurredAt: '2026-03-01T09:30:00+08:00',
  },
})
