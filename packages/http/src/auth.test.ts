import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { bearerToken, jwtAuth, signToken } from './auth.js'

const secret = 'a-test-secret-of-at-least-32-characters'
const auth = jwtAuth({ secret })
const raw = (claims: Record<string, unknown>, key = secret, alg = 'HS256') =>
  new SignJWT(claims).setProtectedHeader({ alg }).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(key))

describe('jwtAuth', () => {
  it('decodes sub, role, jurisdiction, department and track into an actor', async () => {
    const token = await signToken({ secret }, { id: 'med-1', role: 'mediator', jurisdiction: 'hohhot/saihan', track: 'people' })
    expect(await auth.verify(token)).toEqual({ _tag: 'Right', right: { id: 'med-1', role: 'mediator', jurisdiction: 'hohhot/saihan', track: 'people' } })
  })

  it('refuses a token signed with another secret', async () => {
    const token = await signToken({ secret: 'another-secret-of-at-least-32-characters' }, { id: 'x', role: 'admin', jurisdiction: 'hohhot' })
    expect((await auth.verify(token))._tag).toBe('Left')
  })

  it('refuses claims the Actor codec rejects, naming the claim', async () => {
    const result = await auth.verify(await raw({ sub: 'x', role: 'emperor', jurisdiction: 'hohhot' }))
    expect(result).toMatchObject({ _tag: 'Left' })
    expect(result._tag === 'Left' && result.left).toContain('role')
    const noSub = await auth.verify(await raw({ role: 'admin', jurisdiction: 'hohhot' }))
    expect(noSub._tag === 'Left' && noSub.left).toContain('sub')
  })

  it('refuses an expired token, also once it was cached', async () => {
    const soon = await new SignJWT({ role: 'admin', jurisdiction: 'hohhot' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret))
    expect(await auth.verify(soon)).toEqual({ _tag: 'Left', left: 'the token has expired' })
  })

  it('checks issuer and audience when configured', async () => {
    const strict = jwtAuth({ secret, issuer: 'gridcase', audience: 'api' })
    const good = await signToken({ secret, issuer: 'gridcase', audience: 'api' }, { id: 'x', role: 'admin', jurisdiction: 'hohhot' })
    const bad = await signToken({ secret, issuer: 'elsewhere', audience: 'api' }, { id: 'x', role: 'admin', jurisdiction: 'hohhot' })
    expect((await strict.verify(good))._tag).toBe('Right')
    expect((await strict.verify(bad))._tag).toBe('Left')
  })
})

describe('bearerToken', () => {
  it('reads `Bearer <token>` and nothing else', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi')
    expect(bearerToken('bearer abc')).toBe('abc')
    expect(bearerToken('Basic abc')).toBeUndefined()
    expect(bearerToken(undefined)).toBeUndefined()
  })
})

describe('the rules every token must meet', () => {
  const key = new TextEncoder().encode(secret)
  const now = () => Math.floor(Date.now() / 1000)
  const claims = { role: 'admin', jurisdiction: 'hohhot' }
  const sign = (build: (jwt: SignJWT) => SignJWT) => build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' })).sign(key)

  it('requires exp', async () => {
    const result = await auth.verify(await sign((j) => j.setSubject('x').setIssuedAt()))
    expect(result).toEqual({ _tag: 'Left', left: 'the token has no exp claim (an expiry is required)' })
  })

  it('refuses a lifetime beyond the maximum (default 12 h; configurable)', async () => {
    const century = await sign((j) => j.setSubject('x').setIssuedAt().setExpirationTime('100y'))
    expect(await auth.verify(century)).toMatchObject({ _tag: 'Left', left: expect.stringContaining('lives longer than the 43200 s') })
    // Without iat the lifetime counts from now.
    const noIat = await sign((j) => j.setSubject('x').setExpirationTime(now() + 13 * 3600))
    expect((await auth.verify(noIat))._tag).toBe('Left')
    const hourly = jwtAuth({ secret, maxLifetimeSeconds: 3600 })
    expect((await hourly.verify(await sign((j) => j.setSubject('x').setIssuedAt().setExpirationTime('1h'))))._tag).toBe('Right')
    expect((await hourly.verify(await sign((j) => j.setSubject('x').setIssuedAt().setExpirationTime('61m'))))._tag).toBe('Left')
  })

  it('checks iat and nbf with a small leeway (30 s)', async () => {
    const future = await sign((j) => j.setSubject('x').setIssuedAt(now() + 120).setExpirationTime(now() + 3600))
    expect(await auth.verify(future)).toEqual({ _tag: 'Left', left: "the token's iat claim is in the future" })
    const skewed = await sign((j) => j.setSubject('x').setIssuedAt(now() + 10).setNotBefore(now() + 10).setExpirationTime(now() + 3600))
    expect((await auth.verify(skewed))._tag).toBe('Right')
    const notYet = await sign((j) => j.setSubject('x').setIssuedAt().setNotBefore(now() + 120).setExpirationTime('1h'))
    expect(await auth.verify(notYet)).toMatchObject({ _tag: 'Left', left: expect.stringContaining('nbf') })
  })

  it('requires a non-empty sub', async () => {
    for (const sub of ['', '   ']) {
      const result = await auth.verify(await sign((j) => j.setSubject(sub).setIssuedAt().setExpirationTime('1h')))
      expect(result).toEqual({ _tag: 'Left', left: 'the token has no sub claim (a subject is required)' })
    }
  })
})
