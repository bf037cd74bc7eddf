import { describe, expect, it } from 'vitest'
import { PROCESS_LEASE_MS } from '../processes/lease.js'
import { defaultWebhookSettings, webhookLeaseMs, webhookSettingsFromEnv } from './settings.js'

describe('the receiver timeout (Standard Webhooks, "Request timeouts": "somewhere between 15 and 30s")', () => {
  it('is 15 s by default, within the recommended range, and still set by GRIDCASE_WEBHOOK_TIMEOUT_MS', () => {
    // Before, 10 s: a receiver that takes 12 s to process and acknowledge failed every attempt.
    expect(defaultWebhookSettings.timeoutMs).toBe(15_000)
    expect(webhookSettingsFromEnv({})).toMatchObject({ right: { timeoutMs: 15_000 } })
    expect(webhookSettingsFromEnv({ GRIDCASE_WEBHOOK_TIMEOUT_MS: '30000' })).toMatchObject({ right: { timeoutMs: 30_000 } })
  })

  it('the delivery lease is never shorter than three timeouts nor than the processes’ lease (an attempt in flight is never taken over)', () => {
    expect(webhookLeaseMs(undefined, defaultWebhookSettings.timeoutMs)).toBe(45_000)
    // At its edges: exactly three timeouts, or the processes' lease when that is longer.
    expect(webhookLeaseMs(PROCESS_LEASE_MS.default, 5_000)).toBe(PROCESS_LEASE_MS.default)
    expect(webhookLeaseMs(PROCESS_LEASE_MS.default, 5_001)).toBe(15_003)
    expect(webhookLeaseMs(2_000, 1_000)).toBe(3_000)
    expect(webhookLeaseMs(60_000, 15_000)).toBe(60_000)
  })
})

describe('GRIDCASE_WEBHOOK_DISABLE_AFTER_DAYS (a subscription failing that long is disabled at its next dead letter)', () => {
  it('is 5 days by default, set from 1 to 3650, and a bad value is refused naming the variable', () => {
    expect(webhookSettingsFromEnv({})).toMatchObject({ right: { disableAfterDays: 5 } })
    expect(webhookSettingsFromEnv({ GRIDCASE_WEBHOOK_DISABLE_AFTER_DAYS: '1' })).toMatchObject({ right: { disableAfterDays: 1 } })
    expect(webhookSettingsFromEnv({ GRIDCASE_WEBHOOK_DISABLE_AFTER_DAYS: '3650' })).toMatchObject({ right: { disableAfterDays: 3650 } })
    for (const bad of ['0', '3651', '2.5', 'five']) {
      expect(webhookSettingsFromEnv({ GRIDCASE_WEBHOOK_DISABLE_AFTER_DAYS: bad })).toMatchObject({ left: { errors: [{ path: 'GRIDCASE_WEBHOOK_DISABLE_AFTER_DAYS' }] } })
    }
  })
})

describe('GRIDCASE_WEBHOOK_ROTATION_OVERLAP_HOURS (how long a rotated secret’s old one still signs beside the new)', () => {
  it('is 24 hours by default, set from 1 to 720, and a bad value is refused naming the variable', () => {
    expect(webhookSettingsFromEnv({})).toMatchObject({ right: { rotationOverlapHours: 24 } })
    expect(webhookSettingsFromEnv({ GRIDCASE_WEBHOOK_ROTATION_OVERLAP_HOURS: '1' })).toMatchObject({ right: { rotationOverlapHours: 1 } })
    expect(webhookSettingsFromEnv({ GRIDCASE_WEBHOOK_ROTATION_OVERLAP_HOURS: '720' })).toMatchObject({ right: { rotationOverlapHours: 720 } })
    for (const bad of ['0', '721', '1.5', 'a day', '-3']) {
      expect(webhookSettingsFromEnv({ GRIDCASE_WEBHOOK_ROTATION_OVERLAP_HOURS: bad })).toMatchObject({ left: { errors: [{ path: 'GRIDCASE_WEBHOOK_ROTATION_OVERLAP_HOURS' }] } })
    }
  })
})
