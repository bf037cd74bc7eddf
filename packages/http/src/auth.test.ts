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
