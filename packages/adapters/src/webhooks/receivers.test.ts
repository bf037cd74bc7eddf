import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { execute, type CaseType } from '@gridcase/core'
import { complaint } from '@gridcase/core/complaint'
import { afterEach, describe, expect, it } from 'vitest'
import { manualClock } from '../clock.js'
import { memoryEventStore } from '../memory/store.js'
import { sqliteLeases } from '../processes/lease.js'
import { webhookDispatcher } from './dispatcher.js'
import { checkReceiverUrl, parseReceiverAllow, receiverAllowList, reservedKind } from './receivers.js'
import { webhookSettingsFromEnv } from './settings.js'
import { sqliteWebhookStore } from './store.js'

describe('reserved addresses (SSRF guard of outbound webhooks)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', undefined],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['8.8.8.8', undefined],
    // RFC 5737's three documentation networks (TEST-NET-1, -2, -3), edges included, and the addresses either side.
    ['192.0.2.0', 'documentation'],
    ['192.0.2.255', 'documentation'],
    ['192.0.3.0', undefined],
    ['198.51.100.7', 'documentation'],
    ['198.51.99.255', undefined],
    ['203.0.113.255', 'documentation'],
    ['203.0.114.0', undefined],
    // RFC 7526 deprecated the 6to4 relay anycast prefix; RFC 6890 lists it as not globally reachable.
    ['192.88.99.1', 'reserved (6to4 relay anycast)'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local (private)'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['2001:4860:4860::8888', undefined],
  ])('%s is %s', (address, kind) => {
    expect(reservedKind(address)).toBe(kind)
  })
})

describe('IPv6 addresses that carry an IPv4 one (SSRF: the metadata service or a private host reached through a translation)', () => {
  // Found by a receiver's developer: POST /api/v1/webhooks { "url": "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
  // "eventTypes": ["*"] } was 201, as were 6to4 2002:a9fe:a9fe::1 and IPv4-compatible ::a9fe:a9fe — each 169.254.169.254
  // (the cloud's metadata service) written as IPv6 — while ::ffff:a9fe:a9fe (IPv4-mapped) was 400 at url.
  it.each([
    // NAT64's well-known prefix (RFC 6052): the IPv4 address in its last 32 bits is where a NAT64 gateway connects.
    ['64:ff9b::a9fe:a9fe', 'link-local (NAT64 of 169.254.169.254)'],
    ['64:ff9b::7f00:1', 'loopback (NAT64 of 127.0.0.1)'],
    ['64:ff9b::10.0.0.1', 'private (NAT64 of 10.0.0.1)'],
    // 6to4 (RFC 3056): the IPv4 address in bits 16–47.
    ['2002:a9fe:a9fe::1', 'link-local (6to4 of 169.254.169.254)'],
    ['2002:c0a8:101::', 'private (6to4 of 192.168.1.1)'],
    // IPv4-compatible (RFC 4291 §2.5.5.1, deprecated) and IPv4-translated (RFC 2765) forms.
    ['::a9fe:a9fe', 'link-local (IPv4-compatible of 169.254.169.254)'],
    ['::127.0.0.1', 'loopback (IPv4-compatible of 127.0.0.1)'],
    ['::8.8.8.8', 'reserved (IPv4-compatible of 8.8.8.8)'],
    ['::ffff:0:a9fe:a9fe', 'link-local (IPv4-translated of 169.254.169.254)'],
    // The rest of the IANA IPv6 special-purpose registry a receiver never lives in.
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    ['100::1', 'discard-only'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['2001:db8::1', 'documentation'],
    ['fec0::1', 'site-local (deprecated, private)'],
  ])('%s is %s', (address, kind) => {
    expect(reservedKind(address)).toBe(kind)
  })

  it('leaves public IPv4 reached through NAT64 public (an IPv6-only host behind DNS64 reaches every receiver so)', () => {
    expect([reservedKind('64:ff9b::808:808'), reservedKind('64:ff9b::93.184.216.34'), reservedKind('2002:5db8:d822::1')]).toEqual([undefined, undefined, undefined])
  })

  it('refuses such a URL at subscription, the fault at url naming the IPv4 address it carries', async () => {
    const none = receiverAllowList([])
    const resolve = async () => ['93.184.216.34']
    expect(await checkReceiverUrl('http://[64:ff9b::a9fe:a9fe]/latest/meta-data/', none, resolve)).toEqual({
      path: 'url',
      message: '64:ff9b::a9fe:a9fe resolves to 64:ff9b::a9fe:a9fe, a link-local (NAT64 of 169.254.169.254) address: refused unless GRIDCASE_WEBHOOK_ALLOW allows it',
    })
    expect(await checkReceiverUrl('http://[2002:a9fe:a9fe::1]/', none, resolve)).toMatchObject({ path: 'url' })
    expect(await checkReceiverUrl('http://[::a9fe:a9fe]/', none, resolve)).toMatchObject({ path: 'url' })
    // A name whose AAAA record is such an address (DNS the subscriber controls), too.
    expect(await checkReceiverUrl('https://meta.example/', none, async () => ['64:ff9b::a9fe:a9fe'])).toMatchObject({ path: 'url', message: expect.stringContaining('NAT64 of 169.254.169.254') })
    // Allowed by the operator like any reserved address.
    expect(await checkReceiverUrl('http://[64:ff9b::a00:1]/', receiverAllowList(['64:ff9b::/96']), resolve)).toBeUndefined()
  })
})

describe('GRIDCASE_WEBHOOK_ALLOW', () => {
  it('takes IPs, networks, host names and *, comma- or space-separated; names each bad entry', () => {
    expect(parseReceiverAllow('127.0.0.1, ::1 10.20.0.0/16,fd00::/8 receiver.internal *')).toEqual({
      entries: ['127.0.0.1', '::1', '10.20.0.0/16', 'fd00::/8', 'receiver.internal', '*'],
      errors: [],
    })
    expect(parseReceiverAllow('10.0.0.0/33,http://x,1.2.3.4/8/9').errors).toEqual([
      { path: 'GRIDCASE_WEBHOOK_ALLOW', message: "'10.0.0.0/33' is not an IP address, a network (10.0.0.0/8), a host name or *" },
      { path: 'GRIDCASE_WEBHOOK_ALLOW', message: "'http://x' is not an IP address, a network (10.0.0.0/8), a host name or *" },
      { path: 'GRIDCASE_WEBHOOK_ALLOW', message: "'1.2.3.4/8/9' is not an IP address, a network (10.0.0.0/8), a host name or *" },
    ])
    expect(webhookSettingsFromEnv({ GRIDCASE_WEBHOOK_ALLOW: '127.0.0.1 nope!' })).toMatchObject({ left: { code: 'validation', errors: [{ path: 'GRIDCASE_WEBHOOK_ALLOW' }] } })
    expect(webhookSettingsFromEnv({})).toMatchObject({ right: { allow: [] } })
  })

  it('allows public addresses always, and a reserved one only when its IP, network or host name is listed (or *)', () => {
    const none = receiverAllowList([])
    expect([none.allows('example.org', '93.184.216.34'), none.allows('localhost', '127.0.0.1'), none.allows('10.0.0.5', '10.0.0.5')]).toEqual([true, false, false])
    const some = receiverAllowList(['127.0.0.1', '10.20.0.0/16', 'receiver.internal'])
    expect([some.allows('127.0.0.1', '127.0.0.1'), some.allows('x', '127.0.0.2'), some.allows('x', '10.20.3.4'), some.allows('x', '10.21.0.1'), some.allows('receiver.internal', '192.168.9.9')]).toEqual([
      true,
      false,
      true,
      false,
      true,
    ])
    expect(receiverAllowList(['*']).allows('x', '169.254.169.254')).toBe(true)
  })

  it('checks a subscription URL by what its host resolves to, the fault at `url`', async () => {
    const resolve = async (host: string) => (host === 'rebind.example' ? ['93.184.216.35', '10.0.0.7'] : ['93.184.216.34'])
    const none = receiverAllowList([])
    expect(await checkReceiverUrl('https://hooks.example.org/x', none, resolve)).toBeUndefined()
    expect(await checkReceiverUrl('https://rebind.example/x', none, resolve)).toEqual({
      path: 'url',
      message: 'rebind.example resolves to 10.0.0.7, a private address: refused unless GRIDCASE_WEBHOOK_ALLOW allows it',
    })
    expect(await checkReceiverUrl('http://[::1]:8080/x', none, resolve)).toMatchObject({ path: 'url', message: expect.stringContaining('::1, a loopback address') })
    expect(await checkReceiverUrl('http://169.254.169.254/latest/meta-data', none, resolve)).toMatchObject({ path: 'url', message: expect.stringContaining('link-local') })
    expect(await checkReceiverUrl('http://127.0.0.1:9/x', receiverAllowList(['127.0.0.1']), resolve)).toBeUndefined()
    // A name that does not resolve now is left to the check at delivery.
    expect(await checkReceiverUrl('https://nowhere.invalid/x', none, async () => Promise.reject(new Error('ENOTFOUND')))).toBeUndefined()
  })
})

describe('the dispatcher connects only where the allow list lets it (checked again at delivery: DNS may have changed)', () => {
  let server: Server | undefined
  afterEach(async () => {
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)))
    server = undefined
  })

  const attemptTo = async (host: string, allow: readonly string[]) => {
    let hits = 0
    server = createServer((_req, res) => {
      hits += 1
      res.writeHead(204).end()
    })
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    const clock = manualClock('2026-03-02T01:00:00Z')
    const store = memoryEventStore({ clock })
    const operator = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' } as const
    const id = '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11'
    const registered = await execute(store, complaint, id, 'create', {
      channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '一周不热', jurisdiction: 'hohhot/saihan',
    }, { commandId: 'c1', actor: operator, at: clock.now() })
    if (E.isLeft(registered)) throw new Error(registered.left.message)
    const db = new Database(':memory:')
    const outbox = sqliteWebhookStore(db)
    // Kept as if it passed the check when subscribed (the name resolved elsewhere then).
    await outbox.create({ id: 's', url: `http://${host}:${port}/hooks`, eventTypes: ['*'], jurisdiction: 'hohhot', personalData: false, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: clock.now(), createdBy: 'admin-1', logPosition: -1 })
    const [event] = await store.readAll({ fromPosition: 0 })
    if (event === undefined) throw new Error('no event')
    await outbox.enqueue({ position: event.position, streamId: event.streamId, eventId: event.eventId, eventType: event.type, caseType: 'complaint', caseId: id, jurisdiction: 'hohhot/saihan', nowMs: Date.parse(clock.now()), deliveryId: (s) => `${s}:${event.position}` }, () => true)
    const dispatcher = webhookDispatcher({ store, outbox, caseTypes: [complaint as unknown as CaseType], clock, leases: sqliteLeases(db), holder: 'a', settings: { allow, maxAttempts: 1 } })
    await dispatcher.tick()
    await dispatcher.stop()
    const attempts = await outbox.attempts(`s:${event.position}`)
    db.close()
    return { hits, status: attempts.map((a) => a.error ?? a.statusCode) }
  }

  it('refuses a name that resolves to loopback when nothing is allowed: the receiver is never reached', async () => {
    const r = await attemptTo('localhost', [])
    expect(r.hits).toBe(0)
    expect(r.status).toEqual([expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address: refused unless GRIDCASE_WEBHOOK_ALLOW allows it$/)])
  })

  it('refuses an IP in the URL the same way', async () => {
    const r = await attemptTo('127.0.0.1', [])
    expect([r.hits, r.status]).toEqual([0, ['127.0.0.1 resolves to 127.0.0.1, a loopback address: refused unless GRIDCASE_WEBHOOK_ALLOW allows it']])
  })

  it('delivers when the operator allowed it', async () => {
    const r = await attemptTo('127.0.0.1', ['127.0.0.1'])
    expect([r.hits, r.status]).toEqual([1, [204]])
  })
})
