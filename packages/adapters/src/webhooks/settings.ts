import { validationError, type DomainError, type FieldError } from '@gridcase/core'
import * as E from 'fp-ts/lib/Either.js'
import { PROCESS_LEASE_MS } from '../processes/lease.js'
import { parseReceiverAllow } from './receivers.js'
import { isLoopbackHost } from './subscription.js'

/** How deliveries are retried and bounded (env: GRIDCASE_WEBHOOK_*, see packages/http/README.md). */
export interface WebhookSettings {
  /**
   * Attempts before a delivery goes to the dead-letter list (default 24: with the default backoff, 1.6 to 3.2 days of
   * retries, as Standard Webhooks recommends a schedule "spanning multiple days"; "Deliverability and reliability").
   */
  readonly maxAttempts: number
  /** The wait after the first failure (default 10 s); each later failure doubles it … */
  readonly backoffBaseMs: number
  /** … up to this (default 6 h). Jitter: each wait is a random time in [½, 1] of that. */
  readonly backoffCapMs: number
  /**
   * A receiver that has not answered in this long has failed the attempt (default 15 s: Standard Webhooks, "Request
   * timeouts", recommends "somewhere between 15 and 30s", time for a receiver to process and acknowledge).
   */
  readonly timeoutMs: number
  /** Deliveries in flight at once, each to a different (subscription, case) (default 16). */
  readonly concurrency: number
  /** How often the dispatcher looks for due deliveries when nothing wakes it (default 1 s): another runner's work. */
  readonly pollMs: number
  /** Delivered and cancelled deliveries, with their attempts, are dropped from the log this many days after (default 30); dead letters stay. */
  readonly logDays: number
  /**
   * A subscription whose deliveries have all failed for this many days is disabled when the next is dead-lettered
   * (default 5), as a 410 Gone disables one: Standard Webhooks ("Delivery success and failure") has the sender disable
   * an endpoint that keeps failing and tell its owner, rather than queue every new event for days of retries to a
   * receiver that is not there. Counted from its first failed attempt after its last delivery (or its last enabling).
   */
  readonly disableAfterDays: number
  /**
   * Receivers allowed on loopback, private, link-local and other reserved addresses (GRIDCASE_WEBHOOK_ALLOW): IPs,
   * networks, host names, or `*`. Default none: a subscription whose URL resolves to such an address is refused, and
   * a delivery that would connect to one fails.
   */
  readonly allow: readonly string[]
  /**
   * After `POST /api/v1/webhooks/{id}/rotate-secret`, how long the replaced secret still signs each delivery beside the
   * new one (default 24 h): Standard Webhooks' signature header carries several signatures, so a receiver verifying with
   * either passes while its owner moves to the new secret (zero-downtime rotation). GRIDCASE_WEBHOOK_ROTATION_OVERLAP_HOURS.
   */
  readonly rotationOverlapHours: number
  /**
   * The origins (`https://hooks.example.org`, `https://hooks.example.org:8443`; `http://` only for a loopback host: a
   * sidecar on this machine) a subscription with `personalData: true` may point at
   * (GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS, comma-separated). Default none: personal data leaves the system only for
   * receivers the operator named, not wherever an admin's URL points (个人信息保护法 art. 51: the handler controls who
   * processes it; art. 21 and 23, an entrusted party or a recipient is one the handler chose). A subscription to another
   * origin is refused at create; one kept before the origin was dropped from the list is delivered masked.
   */
  readonly personalDataOrigins: readonly string[]
}

export const defaultWebhookSettings: WebhookSettings = {
  maxAttempts: 24,
  backoffBaseMs: 10_000,
  backoffCapMs: 21_600_000,
  timeoutMs: 15_000,
  concurrency: 16,
  pollMs: 1_000,
  logDays: 30,
  disableAfterDays: 5,
  allow: [],
  rotationOverlapHours: 24,
  personalDataOrigins: [],
}

/**
 * How long the `webhook-delivery` lease lasts: the processes' lease (GRIDCASE_PROCESS_LEASE_MS), but never less than
 * three delivery timeouts — renewed every third of it, between attempts that may each take a timeout, so an attempt in
 * flight is never taken over by another dispatcher (15 s timeouts: 45 s).
 */
export const webhookLeaseMs = (processLeaseMs: number | undefined, timeoutMs: number): number => Math.max(processLeaseMs ?? PROCESS_LEASE_MS.default, timeoutMs * 3)

/**
 * The wait before the next attempt after `failures` failed ones: exponential (base · 2^(failures−1), capped) with
 * jitter, a random time in [½, 1] of it, so receivers coming back are not hit by every sender in step, yet the wait
 * still grows. `random` is in [0, 1) (injected: tests run in simulated time with a fixed one).
 */
export const retryDelay = (failures: number, settings: Pick<WebhookSettings, 'backoffBaseMs' | 'backoffCapMs'>, random: () => number): number => {
  const ceiling = Math.min(settings.backoffCapMs, settings.backoffBaseMs * 2 ** Math.max(0, failures - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

type NumericSetting = Exclude<keyof WebhookSettings, 'allow' | 'personalDataOrigins'>

const PERSONAL_DATA_ORIGINS = 'GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS'

/**
 * GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS: comma-separated origins, each as a browser writes it (scheme, host, a port
 * other than the scheme's own; no path, query, user or trailing slash), https:// unless its host is loopback; every
 * other entry named. Unset or empty: none.
 */
export const parsePersonalDataOrigins = (raw: string | undefined, path = PERSONAL_DATA_ORIGINS): { readonly origins: readonly string[]; readonly errors: readonly FieldError[] } => {
  const entries = (raw ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '')
  const errors: FieldError[] = []
  const origins: string[] = []
  for (const entry of entries) {
    let url: URL | undefined
    try {
      url = new URL(entry)
    } catch {
      url = undefined
    }
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== entry.toLowerCase()) {
      errors.push({ path, message: `${entry}: expected an origin such as https://hooks.example.org or https://hooks.example.org:8443 (scheme, host and port only: no path, no trailing slash)` })
    } else if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      errors.push({ path, message: `${entry}: personal data goes to an https:// origin, or over http:// to a loopback host (localhost, 127.0.0.0/8, [::1]: a sidecar on this machine) only (个人信息保护法 art. 51)` })
    } else origins.push(url.origin)
  }
  return { origins: [...new Set(origins)], errors }
}

/** The environment variables that set `WebhookSettings`' numbers, each a whole number in its range. */
const WEBHOOK_ENV: readonly [name: string, key: NumericSetting, max: number][] = [
  ['GRIDCASE_WEBHOOK_MAX_ATTEMPTS', 'maxAttempts', 100],
  ['GRIDCASE_WEBHOOK_BACKOFF_BASE_MS', 'backoffBaseMs', 86_400_000],
  ['GRIDCASE_WEBHOOK_BACKOFF_CAP_MS', 'backoffCapMs', 7 * 86_400_000],
  ['GRIDCASE_WEBHOOK_TIMEOUT_MS', 'timeoutMs', 300_000],
  ['GRIDCASE_WEBHOOK_CONCURRENCY', 'concurrency', 256],
  ['GRIDCASE_WEBHOOK_POLL_MS', 'pollMs', 60_000],
  ['GRIDCASE_WEBHOOK_LOG_DAYS', 'logDays', 3650],
  ['GRIDCASE_WEBHOOK_DISABLE_AFTER_DAYS', 'disableAfterDays', 3650],
  // Up to 30 days: an old secret that still signs is one more key that can forge deliveries.
  ['GRIDCASE_WEBHOOK_ROTATION_OVERLAP_HOURS', 'rotationOverlapHours', 720],
]

/** Reads GRIDCASE_WEBHOOK_* (the server and `gridcase processes` alike); every bad value named. */
export const webhookSettingsFromEnv = (env: Readonly<Record<string, string | undefined>>): E.Either<DomainError, WebhookSettings> => {
  const allow = parseReceiverAllow(env['GRIDCASE_WEBHOOK_ALLOW'])
  const personal = parsePersonalDataOrigins(env[PERSONAL_DATA_ORIGINS])
  const errors: FieldError[] = [...allow.errors, ...personal.errors]
  const { allow: _none, personalDataOrigins: _noOrigins, ...numbers } = defaultWebhookSettings
  const settings: Record<NumericSetting, number> = { ...numbers }
  for (const [name, key, max] of WEBHOOK_ENV) {
    const raw = env[name]
    if (raw === undefined || raw === '') continue
    if (/^\d{1,9}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= max) settings[key] = Number(raw)
    else errors.push({ path: name, message: `expected a whole number from 1 to ${max}` })
  }
  if (errors.length === 0 && settings.backoffBaseMs > settings.backoffCapMs) {
    errors.push({ path: 'GRIDCASE_WEBHOOK_BACKOFF_BASE_MS', message: `is more than GRIDCASE_WEBHOOK_BACKOFF_CAP_MS (${settings.backoffCapMs})` })
  }
  return errors.length > 0 ? E.left(validationError(errors)) : E.right({ ...settings, allow: allow.entries, personalDataOrigins: personal.origins })
}
