// The plain event the runner tests append: an `Added` with its number, the metadata every append carries.
import type { NewEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'

const actor: Actor = { id: 'u1', role: 'admin', jurisdiction: 'hohhot' }

/** The `n`-th `Added` event (its command, correlation and causation ids `c<n>`). */
export const added = (n: number): NewEvent => ({
  type: 'Added',
  schemaVersion: 1,
  data: { n },
  metadata: { commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, actor, occurredAt: '2026-03-01T00:00:00Z' },
})
