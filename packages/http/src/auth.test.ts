import * as E from 'fp-ts/lib/Either.js'
import { SignJWT } from 'jose'
import { decodeProtectedHeader } from 'jose/decode/protected_header'
import { describe, expect, it, vi } from 'vitest'
import { bearerToken, eitherAuth, jwtAuth, signToken, type Auth } from './auth.js'
import { actorClaims } from './claims.js'

// jose's header decoding, counted (it still decodes): eitherAuth decodes each distinct header once.
vi.mock('jose/decode/protected_header', async (original) => {
  const jose = await original<typeof import('jose/decode/protected_header')>()
  return { decodeProtectedHeader: vi.fn(jose.decodeProtectedHeader) }
})

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

  it('refuses a claim holding a lone surrogate, naming it (it could not be written to the log: a 500 before)', async () => {
    for (const [claims, named] of [
      [{ sub: 'op-\ud800', role: 'admin', jurisdiction: 'hohhot' }, 'sub'],
      [{ sub: 'op-1', role: 'admin', jurisdiction: 'hohhot', name: '张\udc00' }, 'name'],
      [{ sub: 'op-1', role: 'department-officer', jurisdiction: 'hohhot', department: 'd\ud800' }, 'department'],
    ] as const) {
      const result = await auth.verify(await raw(claims))
      expect(result._tag, named).toBe('Left')
      expect(result._tag === 'Left' && result.left, named).toContain(`${named}: contains text that is not valid Unicode`)
    }
    // A well-formed pair (an emoji) is a name like any other.
    expect((await auth.verify(await raw({ sub: 'op-1', role: 'admin', jurisdiction: 'hohhot', name: '张\ud83d\ude00' })))._tag).toBe('Right')
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

describe('a court clerk’s court (the decisions it records are its own court’s)', () => {
  it('reaches the actor from the token’s `court` claim, or from the claim an identity provider’s mapping names', async () => {
    const token = await signToken({ secret }, { id: 'cc-1', role: 'court-clerk', jurisdiction: 'hohhot/saihan', court: '赛罕区人民法院' })
    expect(await auth.verify(token)).toEqual({ _tag: 'Right', right: { id: 'cc-1', role: 'court-clerk', jurisdiction: 'hohhot/saihan', court: '赛罕区人民法院' } })
    // An identity provider's claim, by the mapping (GRIDCASE_OIDC_CLAIMS), nested or not.
    expect(actorClaims({ sub: 'cc-9', role: 'court-clerk', jurisdiction: 'hohhot', gov: { court: '呼和浩特市中级人民法院' } }, { court: 'gov.court' })).toEqual({ id: 'cc-9', role: 'court-clerk', jurisdiction: 'hohhot', court: '呼和浩特市中级人民法院' })
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

describe('eitherAuth', () => {
  it('decodes each distinct header once, still routes each token by its algorithm and refuses what is not a JWT', async () => {
    const idpSeen: string[] = []
    const idp: Auth = { verify: async (token) => (idpSeen.push(token), E.left('the identity provider refused it')) }
    const both = eitherAuth(auth, idp)
    const decodes = vi.mocked(decodeProtectedHeader)
    decodes.mockClear()
    // 20 different HS256 tokens, one header between them: each verified (the signature every time), the header decoded once.
    for (let i = 0; i < 20; i += 1) {
      const token = await signToken({ secret }, { id: `u${i}`, role: 'admin', jurisdiction: 'hohhot' })
      expect(await both.verify(token)).toMatchObject({ _tag: 'Right', right: { id: `u${i}` } })
    }
    const forged = (await signToken({ secret: 'another-secret-of-at-least-32-characters' }, { id: 'x', role: 'admin', jurisdiction: 'hohhot' }))
    expect((await both.verify(forged))._tag).toBe('Left')
    expect(decodes).toHaveBeenCalledTimes(1)
    // Another header (another algorithm): decoded once too, and sent to the identity provider.
    const rs = `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url')}.e30.c2ln`
    expect(await both.verify(rs)).toEqual({ _tag: 'Left', left: 'the identity provider refused it' })
    expect(await both.verify(rs)).toEqual({ _tag: 'Left', left: 'the identity provider refused it' })
    expect(idpSeen).toEqual([rs, rs])
    expect(decodes).toHaveBeenCalledTimes(2)
    // A known header on what is not a JWS is refused as before, and garbage too.
    const header = forged.slice(0, forged.indexOf('.'))
    expect(await both.verify(`${header}.e30`)).toEqual({ _tag: 'Left', left: 'the token is not a JWT' })
    expect(await both.verify('not-a-token')).toEqual({ _tag: 'Left', left: 'the token is not a JWT' })
  })
})
