/** How deliveries are retried and bounded (env: GRIDCASE_WEBHOOK_*, see packages/http/README.md). */
export interface WebhookSettings {
  /** Attempts before a delivery goes to the dead-letter list (default 8). */
  readonly maxAttempts: number
  /** The wait after the first failure (default 10 s); each later failure doubles it … */
  readonly backoffBaseMs: number
  /** … up to this (default 1 h). Jitter: each wait is a random time in [½, 1] of that. */
  readonly backoffCapMs: number
  /** A receiver that has not answered in this long has failed the attempt (default 10 s). */
  readonly timeoutMs: number
  /** Deliveries in flight at once, each to a different (subscription, case) (default 16). */
  readonly concurrency: number
  /** How often the dispatcher looks for due deliveries when nothing wakes it (default 1 s): another runner's work. */
  readonly pollMs: number
}

export const defaultWebhookSettings: WebhookSettings = {
  maxAttempts: 8,
  backoffBaseMs: 10_000,
  backoffCapMs: 3_600_000,
  timeoutMs: 10_000,
  concurrency: 16,
  pollMs: 1_000,
}

/**
 * The wait before the next attempt after `failures` failed ones: exponential (base · 2^(failures−1), capped) with
 * jitter, a random time in [½, 1] of it, so receivers coming back are not hit by every sender in step, yet the wait
 * still grows. `random` is in [0, 1) (injected: tests run in simulated time with a fixed one).
 */
export const retryDelay = (failures: number, settings: Pick<WebhookSettings, 'backoffBaseMs' | 'backoffCapMs'>, random: () => number): number => {
  const ceiling = Math.min(settings.backoffCapMs, settings.backoffBaseMs * 2 ** Math.max(0, failures - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}
