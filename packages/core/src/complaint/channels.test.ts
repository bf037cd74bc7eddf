// 渠道 — where the resident's call came in (DOMAIN.md "Complaint": hotline-12345, message-board, mini-program,
// grid-visit, walk-in, contact-card 民情联络卡). The channel is a fact of the registration, counted in every channel
// figure; a role registers only what it actually receives: the 12345 desk its calls and what the 12345 platform
// gathers (the 城市留言板 and the 微邻里-style app: Wuhan's 民呼我应 "整合一号(12345)一网(城市留言板)一微(微邻里)") and, as the
// 信访 policy's 受理 desk, petitioners who come in person (来访); a grid worker
// what it meets on its rounds and the calls to the number on its 民情联络卡 (Saihan: "民情联络卡 … 网格办题"); a community or
// street office its visitors (社区 "民意接待厅", Jingchuan), the contact cards and its own visits to the grids (包联走访).
// A resident files from its own account (the app, the message board, a card's code). Anything else is 400 at channel.
import { describe, expect, it } from 'vitest'
import type { Actor } from '../kernel/actor.js'
import { deciderSpec } from '../kernel/deciderSpec.js'
import { CHANNELS, type Channel } from './commands.js'
import { actors, command, registration } from './fixtures.js'
import { complaintDecider } from './index.js'
import { REGISTERING_CHANNELS } from './policy.js'

const spec = deciderSpec(complaintDecider())
const AT = '2026-03-02T09:00:00+08:00'
const register = (actor: Actor, channel: Channel) => spec.given([]).when(command('RegisterComplaint', actor, AT, registration({ channel })))

const received: readonly [string, Actor, readonly Channel[]][] = [
  ['the hotline', actors.operator, ['hotline-12345', 'message-board', 'mini-program', 'walk-in']],
  ['a grid worker', actors.gridWorker, ['grid-visit', 'contact-card']],
  ['a community worker', actors.communityWorker, ['walk-in', 'contact-card', 'grid-visit']],
  ['a street officer', actors.streetOfficer, ['walk-in', 'contact-card', 'grid-visit']],
  ['a resident', actors.resident, ['mini-program', 'message-board', 'contact-card']],
]

describe('a registration’s channel is one its registering role receives', () => {
  it.each(received)('%s registers on its own channels and no other (400 at channel, naming the ones it receives)', (_who, actor, own) => {
    expect(REGISTERING_CHANNELS[actor.role]).toEqual(own)
    for (const channel of own) {
      register(actor, channel).then((events) => expect(events[0]).toMatchObject({ type: 'ComplaintRegistered', data: { channel } }))
    }
    for (const channel of CHANNELS.filter((c) => !own.includes(c))) {
      const error = register(actor, channel).then('validation')
      expect(error).toMatchObject({ errors: [{ path: 'channel', message: expect.stringContaining(`expected ${own.join(', ')}`) }] })
    }
  })

  it('a grid worker (or a community, a street) may not register a 12345 call: the call came in at the hotline, which registers it', () => {
    for (const actor of [actors.gridWorker, actors.communityWorker, actors.streetOfficer]) {
      const error = register(actor, 'hotline-12345').then('validation')
      expect(error).toMatchObject({ errors: [{ path: 'channel' }] })
    }
  })

  it('an admin (the system, the processes) is held to no channel', () => {
    for (const channel of CHANNELS) register(actors.admin, channel).then((events) => expect(events).toHaveLength(1))
  })
})
