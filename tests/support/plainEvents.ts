// The plain events the store and runner tests append, with the metadata every append carries.
import type { NewEvent } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'

const admin: Actor = { id: 'u1', role: 'admin', jurisdiction: 'hohhot' }
const operator: Actor = { id: 'op', role: 'hotline-operator', jurisdiction: 'hohhot' }

/** The `n`-th `Added` event (its command, correlation and causation ids `c<n>`), by an admin. */
export const added = (n: number): NewEvent => ({
  type: 'Added',
  schemaVersion: 1,
  data: { n },
  metadata: { commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, actor: admin, occurredAt: '2026-03-01T00:00:00Z' },
})

/** The `n`-th `Noted` event (ids `c<n>`), by a hotline operator. */
export const noted = (n: number): NewEvent => ({
  type: 'Noted',
  schemaVersion: 1,
  data: { n },
  metadata: { commandId: `c${n}`, correlationId: `c${n}`, causationId: `c${n}`, actor: operator, occurredAt: '2026-03-02T01:00:00Z' },
})
