import type { FieldError } from '@gridcase/core'
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { BlockList, isIP, type LookupFunction } from 'node:net'

/**
 * Where deliveries may not go unless the operator allows it (SSRF: a subscription must not make the server POST to
 * itself, its database or the cloud's metadata service): loopback, private, link-local, shared (CGNAT), unspecified,
 * multicast and reserved ranges (RFC 6890; the IANA IPv6 special-purpose registry). IPv6 addresses that carry an IPv4
 * one — IPv4-mapped, IPv4-compatible, IPv4-translated, NAT64's well-known prefix, 6to4 — are checked as the IPv4 address
 * they carry (`embeddedIpv4`): 64:ff9b::a9fe:a9fe is the metadata service through a NAT64 gateway.
 */
const RESERVED: readonly (readonly [kind: string, network: string, prefix: number, family: 'ipv4' | 'ipv6'])[] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['shared (CGNAT)', '100.64.0.0', 10, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  // RFC 5737: TEST-NET-1, -2 and -3, for documentation only; a receiver there is a copied example, never a receiver.
  ['documentation', '192.0.2.0', 24, 'ipv4'],
  ['documentation', '198.51.100.0', 24, 'ipv4'],
  ['documentation', '203.0.113.0', 24, 'ipv4'],
  // RFC 7526 deprecated 6to4's relay anycast; whichever relay answers is not the subscriber's receiver.
  ['reserved (6to4 relay anycast)', '192.88.99.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['unique-local (private)', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  // RFC 8215: a network's own translation prefix (to its own IPv4 hosts, where the IPv4 address sits varies).
  ['local-use NAT64', '64:ff9b:1::', 48, 'ipv6'],
  ['discard-only', '100::', 64, 'ipv6'],
  // Teredo (RFC 4380): a tunnel through a relay to the IPv4 host its last 32 bits hide (obfuscated).
  ['Teredo', '2001::', 32, 'ipv6'],
  ['documentation', '2001:db8::', 32, 'ipv6'],
  // RFC 3879 deprecated site-local; a host that still has it uses it as a private network.
  ['site-local (deprecated, private)', 'fec0::', 10, 'ipv6'],
]

const reservedLists = RESERVED.map(([kind, network, prefix, family]) => {
  const list = new BlockList()
  list.addSubnet(network, prefix, family)
  return { kind, list }
})

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4')

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part and a zone taken in), or undefined. */
const groupsOf = (address: string): number[] | undefined => {
  let text = address.split('%')[0] ?? ''
  const dotted = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(2).map(Number) as [number, number, number, number]
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const part = (s: string | undefined): number[] => (s === undefined || s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)))
  const head = part(halves[0])
  const tail = part(halves[1])
  const groups = halves.length === 2 ? [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined
}

const ipv4Of = (high: number, low: number): string => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`

/**
 * The IPv4 address an IPv6 one carries, and how (IPv4-mapped addresses apart: the lists above check them as IPv4):
 * NAT64's well-known prefix 64:ff9b::/96 (RFC 6052: a NAT64 gateway connects to it), 6to4 2002::/16 (RFC 3056: a relay
 * tunnels to it), IPv4-compatible ::/96 (RFC 4291, deprecated) and IPv4-translated ::ffff:0:0/96 (RFC 2765).
 */
const embeddedIpv4 = (address: string): { readonly ipv4: string; readonly via: string } | undefined => {
  const g = groupsOf(address)
  if (g === undefined) return undefined
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number]
  const zeros = (...gs: number[]): boolean => gs.every((x) => x === 0)
  if (g0 === 0x64 && g1 === 0xff9b && zeros(g2, g3, g4, g5)) return { ipv4: ipv4Of(g6, g7), via: 'NAT64' }
  if (g0 === 0x2002) return { ipv4: ipv4Of(g1, g2), via: '6to4' }
  if (zeros(g0, g1, g2, g3, g4, g5)) return { ipv4: ipv4Of(g6, g7), via: 'IPv4-compatible' }
  if (zeros(g0, g1, g2, g3) && g4 === 0xffff && g5 === 0) return { ipv4: ipv4Of(g6, g7), via: 'IPv4-translated' }
  return undefined
}

const listedKind = (address: string): string | undefined => reservedLists.find(({ list }) => list.check(address, familyOf(address)))?.kind

/**
 * The kind of reserved range an IP address lies in (`loopback`, `private`, `link-local`, …), or undefined for a public
 * one. An IPv6 address that carries an IPv4 one is that IPv4 address's kind, said how (`link-local (NAT64 of
 * 169.254.169.254)`); a public one through NAT64 or 6to4 is public (an IPv6-only host behind DNS64 reaches every
 * receiver so), through the deprecated IPv4-compatible or IPv4-translated forms reserved.
 */
export const reservedKind = (address: string): string | undefined => {
  const listed = listedKind(address)
  if (listed !== undefined || familyOf(address) !== 'ipv6') return listed
  const carried = embeddedIpv4(address)
  if (carried === undefined) return undefined
  const kind = listedKind(carried.ipv4) ?? (carried.via === 'NAT64' || carried.via === '6to4' ? undefined : 'reserved')
  return kind === undefined ? undefined : `${kind} (${carried.via} of ${carried.ipv4})`
}

/** A host name as a URL carries it: lower case, IPv6 without its brackets. */
const bareHost = (host: string): string => host.toLowerCase().replace(/^\[(.*)\]$/, '$1')

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/

/**
 * GRIDCASE_WEBHOOK_ALLOW: receivers on reserved addresses the operator allows — comma- or space-separated IP addresses
 * (`127.0.0.1`, `::1`), networks (`10.20.0.0/16`, `fd00::/8`), host names (`receiver.internal`: exactly that name,
 * whatever it resolves to) or `*` (every receiver: for development only). Each bad entry named.
 */
export const parseReceiverAllow = (raw: string | undefined, path = 'GRIDCASE_WEBHOOK_ALLOW'): { readonly entries: readonly string[]; readonly errors: readonly FieldError[] } => {
  const entries = (raw ?? '').split(/[\s,]+/).filter((e) => e !== '').map((e) => e.toLowerCase())
  const errors: FieldError[] = []
  for (const entry of entries) {
    const [network, prefix, extra] = entry.split('/')
    const valid =
      entry === '*' ||
      (prefix === undefined && (isIP(bareHost(entry)) !== 0 || HOST_NAME.test(entry))) ||
      (extra === undefined && network !== undefined && prefix !== undefined && isIP(network) !== 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIP(network) === 6 ? 128 : 32))
    if (!valid) errors.push({ path, message: `'${entry}' is not an IP address, a network (10.0.0.0/8), a host name or *` })
  }
  return { entries, errors }
}

/** The receivers allowed on reserved addresses (see `parseReceiverAllow`); entries already valid. */
export interface ReceiverAllowList {
  readonly entries: readonly string[]
  /** May a delivery to `host` connect to `address`? Public addresses always; reserved ones only when listed. */
  allows(host: string, address: string): boolean
}

export const receiverAllowList = (entries: readonly string[] = []): ReceiverAllowList => {
  const everything = entries.includes('*')
  const names = new Set(entries.filter((e) => !e.includes('/') && isIP(bareHost(e)) === 0 && e !== '*'))
  const listed = new BlockList()
  for (const e of entries) {
    const [network = '', prefix] = e.split('/')
    const address = bareHost(network)
    if (isIP(address) === 0) continue
    if (prefix === undefined) listed.addAddress(address, familyOf(address))
    else listed.addSubnet(address, Number(prefix), familyOf(address))
  }
  return {
    entries,
    allows: (host, address) => everything || reservedKind(address) === undefined || names.has(bareHost(host)) || listed.check(address, familyOf(address)),
  }
}

/** Why a delivery to `host` may not connect to `address`, or undefined when it may. */
export const refusalOf = (allow: ReceiverAllowList, host: string, address: string): string | undefined =>
  allow.allows(host, address) ? undefined : `${bareHost(host)} resolves to ${address}, a ${reservedKind(address) ?? 'reserved'} address: refused unless GRIDCASE_WEBHOOK_ALLOW allows it`

type Resolve = (host: string) => Promise<readonly string[]>
const resolveAll: Resolve = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error === null ? resolve(addresses.map((a) => a.address)) : reject(error))))

/**
 * Checks a subscription's URL against the allow list when it is registered: every address its host resolves to (or the
 * IP it names) must be public or allowed. A fault at `url`, or undefined. `resolve` is injected in tests. The check
 * at delivery (`guardedLookup`) is the one that holds: a name may resolve elsewhere later.
 */
export const checkReceiverUrl = async (url: string, allow: ReceiverAllowList, resolve: Resolve = resolveAll): Promise<FieldError | undefined> => {
  const host = bareHost(new URL(url).hostname)
  let addresses: readonly string[]
  try {
    addresses = isIP(host) !== 0 ? [host] : await resolve(host)
  } catch {
    // A name that does not resolve now (its DNS down, not yet published) is checked where it counts: at delivery.
    return undefined
  }
  for (const address of addresses) {
    const refused = refusalOf(allow, host, address)
    if (refused !== undefined) return { path: 'url', message: refused }
  }
  return undefined
}

/**
 * A `lookup` for node:http that refuses, at connection time, an address the allow list does not allow: a host that
 * resolved to a public address when subscribed and to a private one later (DNS rebinding) is refused too.
 */
export const guardedLookup = (allow: ReceiverAllowList): LookupFunction =>
  ((host: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(host, { ...options, all: true }, (error, addresses) => {
      if (error !== null) return callback(error, '', 0)
      const refused = addresses.map((a) => refusalOf(allow, host, a.address)).find((r) => r !== undefined)
      if (refused !== undefined) return callback(Object.assign(new Error(refused), { code: 'ERECEIVERNOTALLOWED' }), '', 0)
      if (options.all === true) return callback(null, addresses)
      const [first] = addresses
      return first === undefined ? callback(Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' }), '', 0) : callback(null, first.address, first.family)
    })
  }) as LookupFunction
