import { memoryEventStore, newId } from '@gridcase/adapters'
import { handle, streamIdOf, verifyStream } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint, type ComplaintCommand } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

// Who takes part: the 12345 hotline, the grid worker of grid 017, and the resident who called.
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const gridWorker: Actor = { id: 'gw-1', role: 'grid-worker', jurisdiction: 'hohhot/saihan/wulan/xx-community/grid-017' }
const resident: Actor = { id: 'resident-1', role: 'resident', jurisdiction: 'hohhot/saihan/wulan/xx-community/grid-017' }
const grid017 = { id: 'grid-017', name: '17号网格', level: 'grid', jurisdiction: 'hohhot/saihan/wulan/xx-community/grid-017' } as const

describe('a complaint from the hotline to a satisfied close', () => {
  it('register → accept → dispatch → acknowledge → submit-result → notify → evaluate → close', async () => {
    const store = memoryEventStore()
    const id = newId()
    const stream = streamIdOf(complaint, id)
    const send = async (type: ComplaintCommand['type'], actor: Actor, at: string, data: unknown) => {
      const command = { type, data, meta: { commandId: newId(), actor, at } } as ComplaintCommand
      const result = await handle(store, complaint.decider, stream, command, { schema: complaint.schema })
      if (E.isLeft(result)) throw new Error(`${type} refused: ${result.left.message}`)
      return result.right
    }

    await send('RegisterComplaint', operator, '2026-03-02T09:00:00+08:00', {
      id,
      channel: 'hotline-12345',
      kind: 'complaint',
      category: 'heating',
      title: '暖气不热',
      description: '3号楼2单元暖气一周不热。',
      jurisdiction: 'hohhot/saihan/wulan/xx-community/grid-017',
      complainant: { name: '李四', phone: '13912345678', residentId: 'resident-1' },
    })
    await send('AcceptComplaint', operator, '2026-03-02T09:10:00+08:00', {})
    const dispatched = await send('DispatchComplaint', operator, '2026-03-02T10:00:00+08:00', { unit: grid017 })
    // Deadlines are on the event: acknowledge in 24 h, result in 15 working days.
    expect(dispatched.events[0]?.data).toMatchObject({ acknowledgeBy: '2026-03-03T10:00:00+08:00', resultBy: '2026-03-23T23:59:59+08:00' })

    await send('AcknowledgeComplaint', gridWorker, '2026-03-02T11:00:00+08:00', {})
    await send('SubmitResult', gridWorker, '2026-03-05T16:00:00+08:00', { result: '已协调供热公司排气，暖气恢复。', outcome: 'resolved' })
    await send('NotifyComplainant', operator, '2026-03-05T17:00:00+08:00', { method: 'phone' })
    await send('EvaluateComplaint', resident, '2026-03-06T09:00:00+08:00', { rating: 'satisfied' })
    const closed = await send('CloseComplaint', operator, '2026-03-06T10:00:00+08:00', {})

    expect(closed.state).toMatchObject({ status: 'closed', closedAs: 'evaluated', evaluation: { rating: 'satisfied', level: 'grid' } })
    expect(closed.version).toBe(7)
    const history = await store.readStream(stream)
    expect(verifyStream(stream, history)).toMatchObject({ ok: true, events: 8 })
    expect(history.map((e) => e.type)).toEqual([
      'ComplaintRegistered',
      'ComplaintAccepted',
      'ComplaintDispatched',
      'ComplaintAcknowledged',
      'ComplaintResultSubmitted',
      'ComplainantNotified',
      'ComplaintEvaluated',
      'ComplaintClosed',
    ])
  })
})
