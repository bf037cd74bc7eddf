import { decode, nestedDeeperThan, refinedString, text, unencodableText, unknownFields, validationError, type DomainError, type FieldError } from '@gridcase/core'
import { Jurisdiction } from '@gridcase/core/access'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { isIP } from 'node:net'
import { reservedKind } from './receivers.js'

const isHttpUrl = (s: string): boolean => {
  if (s.length > 2000) return false
  try {
    const url = new URL(s)
    // Credentials in the URL would sit in the delivery log and every admin's list: the signature authenticates instead.
    // Port 0 is no port a receiver listens on (a connection to it fails at every delivery): refused when subscribing.
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.hash === '' && url.port !== '0'
  } catch {
    return false
  }
}

/** Where deliveries go: an http(s) URL without user, password or fragment. */
export const WebhookUrl = refinedString('WebhookUrl', isHttpUrl, 'an http:// or https:// URL (no user:password@, no #fragment, no port 0, at most 2000 characters)')

/**
 * Would deliveries to this subscription carry personal data in clear over the network? Personal data (`personalData:
 * true`) to a plain `http://` URL whose host is not loopback (`localhost`, 127.0.0.0/8, ::1 — a sidecar on the same
 * machine: the request never leaves it, and the sidecar is what speaks TLS onwards). 个人信息保护法 art. 51(3): the handler
 * takes security measures such as encryption (采取相应的加密、去标识化等安全技术措施); names and phones sent in clear
 * over the network are not. A private network is still a network: 10.0.0.0/8 is refused too.
 */
export const sendsPersonalDataInClear = (subscription: Pick<WebhookSubscription, 'url' | 'personalData'>): boolean => {
  if (!subscription.personalData) return false
  let url: URL
  try {
    url = new URL(subscription.url)
  } catch {
    return false
  }
  if (url.protocol !== 'http:') return false
  return !isLoopbackHost(url.hostname)
}

/** `localhost`, or an address in 127.0.0.0/8 or ::1 (a URL's hostname, brackets and all). */
export const isLoopbackHost = (hostname: string): boolean => {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  return host === 'localhost' || (isIP(host) !== 0 && reservedKind(host) === 'loopback')
}

/** The URL's origin (`https://hooks.example.org`), undefined for text that is no URL. */
const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

/**
 * Why deliveries to this subscription carry no personal data though it asked for it: its URL's origin is not among the
 * operator's GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS (`origins`); undefined when it does not ask for it, or may have it.
 * A subscription is refused at create for this; one kept from before (the list changed since) is delivered masked, and
 * shows this as its `personalDataWithheld`.
 */
export const personalDataWithheld = (subscription: Pick<WebhookSubscription, 'url' | 'personalData'>, origins: readonly string[]): string | undefined => {
  if (!subscription.personalData) return undefined
  const origin = originOf(subscription.url)
  if (origin !== undefined && origins.includes(origin)) return undefined
  return `${origin ?? subscription.url} is not among the origins personal data may be sent to (GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS${origins.length === 0 ? ', which names none' : `: ${origins.join(', ')}`}): its deliveries are masked — the operator adds the origin to that setting, or the subscription is replaced by one with personalData: false`
}

/** What a refused personal-data-in-clear subscription is told, at `url`. */
export const IN_CLEAR =
  'personal data (personalData: true) is delivered only to an https:// URL, or over http:// to a loopback host (localhost, 127.0.0.0/8, ::1: a sidecar on this machine) — over plain http:// names and phones would cross the network in clear (个人信息保护法 art. 51)'

/** An event type (`ComplaintRegistered`) or `*` for every type. */
export const EventTypeFilter = refinedString('EventTypeFilter', (s) => s === '*' || /^[A-Z][A-Za-z]{2,80}$/.test(s), "an event type such as 'ComplaintRegistered', or '*' for all")

const EventTypes = t.array(EventTypeFilter, 'EventTypes')

/** The body of `POST /api/v1/webhooks`: what a subscription (订阅) asks for. */
export const NewSubscription = t.intersection([
  t.type({ url: WebhookUrl, eventTypes: EventTypes }),
  t.partial({
    /** Only cases under this jurisdiction prefix (default: the admin's own). */
    jurisdiction: Jurisdiction,
    /** May personal data (names, phones, id numbers, addresses) be delivered unmasked? Default false. */
    personalData: t.boolean,
    description: text(500, 'Description'),
  }),
], 'NewSubscription')
export type NewSubscription = t.TypeOf<typeof NewSubscription>

/** A subscription as kept (the secret apart: it is shown once, when the subscription is created). */
export interface WebhookSubscription {
  readonly id: string
  readonly url: string
  readonly eventTypes: readonly string[]
  readonly jurisdiction: string
  readonly personalData: boolean
  readonly description?: string
  /**
   * `disabled`: its receiver answered 410 Gone (Standard Webhooks, "Delivery success and failure": the sender disables
   * the endpoint) — nothing is queued for it or sent to it until an admin enables it again; `deleted`: for good.
   */
  readonly status: 'active' | 'disabled' | 'deleted'
  readonly createdAt: string
  readonly createdBy: string
  /** Events after this global position are delivered (those before the subscription existed are not). */
  readonly fromPosition: number
  /** When it was disabled, and why (which delivery the receiver answered 410 Gone); absent unless `disabled`. */
  readonly disabledAt?: string
  readonly disabledReason?: string
  readonly deletedAt?: string
  readonly deletedBy?: string
  /**
   * After its secret was rotated: until when the secret it replaced still signs each delivery beside the new one (absent
   * once that one is dropped, and when none was ever rotated).
   */
  readonly previousSecretUntil?: string
  /** When its signing secret was last rotated (absent: never; the create's secret is then no longer the one that signs). */
  readonly secretRotatedAt?: string
}

/**
 * Decodes a subscription body exactly (undeclared fields refused), each fault `{ path, message }`; an event type the
 * log never records is named too (`eventTypes[1]`), so a typo does not become a subscription that never fires.
 */
export const decodeNewSubscription = (body: unknown, knownEventTypes: ReadonlySet<string>): E.Either<DomainError, NewSubscription> => {
  // As every command's data: no JSON deeper than a subscription can be, no text UTF-8 cannot hold.
  if (nestedDeeperThan(body, 4)) return E.left(validationError([{ path: '(root)', message: 'is nested deeper than a subscription can be' }]))
  const unencodable = unencodableText(body)
  if (unencodable !== undefined) return E.left(validationError([unencodable]))
  const decoded = decode(NewSubscription, body)
  const unknown = unknownFields(NewSubscription, body)
  const invalid: readonly FieldError[] = E.isLeft(decoded) && decoded.left.code === 'validation' ? decoded.left.errors : []
  const types = E.isRight(decoded) ? decoded.right.eventTypes : []
  const unheard: FieldError[] = types.flatMap((type, i) => (type === '*' || knownEventTypes.has(type) ? [] : [{ path: `eventTypes[${i}]`, message: 'is not an event type gridcase records' }]))
  if (E.isRight(decoded) && (types.length === 0 || types.length > 200)) unheard.push({ path: 'eventTypes', message: 'expected from 1 to 200 event types (or ["*"])' })
  if (E.isRight(decoded) && sendsPersonalDataInClear({ url: decoded.right.url, personalData: decoded.right.personalData ?? false })) unheard.unshift({ path: 'url', message: IN_CLEAR })
  if (E.isLeft(decoded) || unknown.length > 0 || unheard.length > 0) {
    if (E.isLeft(decoded) && decoded.left.code !== 'validation') return decoded
    return E.left(validationError([...invalid, ...unknown, ...unheard]))
  }
  return decoded
}

/** `whsec_` and strict base64 (padded) of 24 to 64 bytes: a key the `standardwebhooks` library takes, never a short one. */
const isWebhookSecret = (s: string): boolean => {
  const body = s.startsWith('whsec_') ? s.slice(6) : ''
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) return false
  // Its length from the text (strict and padded: three bytes for every four characters, less one for each '='), not
  // decoded: the key's bytes are not copied into a Buffer (Node's shared pool) that outlives the check.
  const bytes = (body.length / 4) * 3 - (body.length - body.replace(/=+$/, '').length)
  return bytes >= 24 && bytes <= 64
}

/** A signing secret an admin gives (Standard Webhooks' format). */
export const WebhookSecret = refinedString('WebhookSecret', isWebhookSecret, 'whsec_ and the base64 of 24 to 64 bytes (e.g. whsec_ and `openssl rand -base64 32`)')

/** The body of `POST /api/v1/webhooks/{id}/rotate-secret`: empty (a new secret is made), or the secret to use. */
export const SecretRotation = t.partial({ secret: WebhookSecret }, 'SecretRotation')
export type SecretRotation = t.TypeOf<typeof SecretRotation>

/** Decodes a rotation body exactly (none: `{}`), each fault `{ path, message }`. */
export const decodeSecretRotation = (body: unknown): E.Either<DomainError, SecretRotation> => {
  const given = body === undefined ? {} : body
  const decoded = decode(SecretRotation, given)
  const unknown = unknownFields(SecretRotation, given)
  if (E.isRight(decoded) && unknown.length === 0) return decoded
  if (E.isLeft(decoded) && decoded.left.code !== 'validation') return decoded
  return E.left(validationError([...(E.isLeft(decoded) && decoded.left.code === 'validation' ? decoded.left.errors : []), ...unknown]))
}

/** Does a subscription want this event: its type, and its case under the subscription's jurisdiction prefix? */
export const wants = (subscription: Pick<WebhookSubscription, 'eventTypes' | 'jurisdiction'>, eventType: string, jurisdiction: string): boolean =>
  (subscription.eventTypes.includes('*') || subscription.eventTypes.includes(eventType)) &&
  (jurisdiction === subscription.jurisdiction || jurisdiction.startsWith(`${subscription.jurisdiction}/`))
