import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { WebhookUrl } from './subscription.js'

describe('WebhookUrl', () => {
  it('takes an http(s) URL, with a port or without', () => {
    const urls = ['https://hooks.example.com/gridcase', 'http://10.0.0.7:8080/in', 'https://example.com:1/x', 'https://example.com:65535/x']
    expect(urls.map((u) => E.isRight(WebhookUrl.decode(u)))).toEqual([true, true, true, true])
  })
  it('refuses port 0 (no receiver listens there: every delivery would fail), credentials, a fragment and other schemes, saying so', () => {
    const urls = ['http://example.com:0/', 'https://example.com:00/x', 'https://user:pw@example.com/', 'https://example.com/#top', 'ftp://example.com/', 'example.com/hook']
    expect(urls.map((u) => E.isRight(WebhookUrl.decode(u)))).toEqual([false, false, false, false, false, false])
    const refused = WebhookUrl.decode('http://example.com:0/')
    expect(E.isLeft(refused) && refused.left[0]?.message).toContain('no port 0')
  })
})
