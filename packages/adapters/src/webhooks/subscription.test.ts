import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeNewSubscription, sendsPersonalDataInClear, WebhookSecret, WebhookUrl } from './subscription.js'

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

// 个人信息保护法 art. 51(3): a handler of personal information takes security measures such as encryption (采取相应的加密、
// 去标识化等安全技术措施). Names and phones to a plain http:// URL cross the network in clear; loopback does not leave the machine.
describe('personal data is not delivered over plain http:// (个人信息保护法 art. 51)', () => {
  const known = new Set(['ComplaintRegistered'])
  const paths = (url: string, personalData?: boolean) => {
    const decoded = decodeNewSubscription({ url, eventTypes: ['*'], ...(personalData === undefined ? {} : { personalData }) }, known)
    return E.isLeft(decoded) && decoded.left.code === 'validation' ? decoded.left.errors.map((e) => e.path) : []
  }
  it('refuses a subscription with personalData to an http:// URL off this machine, naming url', () => {
    for (const url of ['http://receiver.example.org/hooks', 'http://128.0.0.1/hooks', 'http://126.255.255.255/hooks', 'http://10.0.0.7:8080/in', 'http://[::2]/hooks', 'http://localhost.example.org/hooks', 'http://[fe80::1]/hooks']) {
      expect([url, paths(url, true)]).toEqual([url, ['url']])
      expect(sendsPersonalDataInClear({ url, personalData: true })).toBe(true)
    }
    const decoded = decodeNewSubscription({ url: 'http://receiver.example.org/hooks', eventTypes: ['*'], personalData: true }, known)
    expect(E.isLeft(decoded) && decoded.left.code === 'validation' && decoded.left.errors[0]?.message).toMatch(/https:\/\//)
  })
  it('takes it over https://, to a loopback host (localhost, 127.0.0.0/8, ::1: a sidecar on the same machine), or without personal data', () => {
    for (const url of ['https://receiver.example.org/hooks', 'http://localhost:8090/hooks', 'http://LOCALHOST/hooks', 'http://127.0.0.1/hooks', 'http://127.255.255.255/hooks', 'http://127.1/hooks', 'http://[::1]:8090/hooks', 'http://[::ffff:127.0.0.1]/hooks']) {
      expect([url, paths(url, true)]).toEqual([url, []])
      expect(sendsPersonalDataInClear({ url, personalData: true })).toBe(false)
    }
    expect(paths('http://receiver.example.org/hooks', false)).toEqual([])
    expect(paths('http://receiver.example.org/hooks')).toEqual([])
    expect(sendsPersonalDataInClear({ url: 'http://receiver.example.org/hooks', personalData: false })).toBe(false)
  })
})

describe('WebhookSecret (an admin-given signing secret)', () => {
  it('takes whsec_ and the padded base64 of 24 to 64 bytes, whatever the bytes, and no other length (counted from the text, not decoded)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), (bytes) => {
        const secret = `whsec_${Buffer.from(bytes).toString('base64')}`
        expect(E.isRight(WebhookSecret.decode(secret))).toBe(bytes.length >= 24 && bytes.length <= 64)
      }),
    )
    // Unpadded, or no whsec_: refused.
    expect(E.isRight(WebhookSecret.decode(`whsec_${Buffer.alloc(32, 1).toString('base64').replace(/=+$/, '')}`))).toBe(false)
    expect(E.isRight(WebhookSecret.decode(Buffer.alloc(32, 1).toString('base64')))).toBe(false)
  })
})
