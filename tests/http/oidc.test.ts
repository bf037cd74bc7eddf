// Sign-in through an identity provider: a local JWKS server on a real port, keys rotated under the server's feet,
// the claims mapping of an IdP that names things its own way, and the whole server started with GRIDCASE_OIDC_*.
import { oidcAuth, readConfig, startGridcaseServer } from '@gridcase/http'
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ISSUER = 'https://idp.example.gov.cn/realms/hohhot'
const AUDIENCE = 'gridcase'

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>
const newKey = async (kid: string): Promise<{ kid: string; pair: KeyPair; jwk: JWK }> => {
  const pair = await generateKeyPair('RS256')
  return { kid, pair, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' } }
}

let jwksServer: Server
let jwksUrl: URL
let published: JWK[] = []
let fetches = 0

beforeAll(async () => {
  jwksServer = createServer((req, res) => {
    if (req.url !== '/jwks.json') return void res.writeHead(404).end()
    fetches += 1
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }))
  })
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve))
  jwksUrl = new URL(`http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`)
})
afterAll(async () => {
  jwksServer.closeAllConnections()
  await new Promise((resolve) => jwksServer.close(resolve))
})

const idpToken = (key: { kid: string; pair: KeyPair }, claims: Record<string, unknown>, sub = 'zhang.wei') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key.pair.privateKey)

describe('oidcAuth against a local JWKS server', () => {
  it('accepts the IdP’s tokens, caches its keys, follows a key rotation and refuses retired and foreign keys', async () => {
    const first = await newKey('2026-11-a')
    const second = await newKey('2026-12-a')
    const foreign = await newKey('2026-11-a') // same kid, another key: an attacker's
    published = [first.jwk]
    fetches = 0
    const auth = oidcAuth({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksUrl, cooldownMs: 0 })
    const claims = { role: 'street-officer', jurisdiction: 'hohhot/saihan' }

    expect(await auth.verify(await idpToken(first, claims))).toEqual({ _tag: 'Right', right: { id: 'zhang.wei', role: 'street-officer', jurisdiction: 'hohhot/saihan' } })
    expect((await auth.verify(await idpToken(first, claims, 'li.na')))._tag).toBe('Right')
    expect(fetches).toBe(1) // cached: one fetch for two tokens

    expect((await auth.verify(await idpToken(foreign, claims)))._tag).toBe('Left')

    // The IdP rotates: the new key is published and the old one retired.
    published = [second.jwk]
    const rotated = await auth.verify(await idpToken(second, claims, 'wang.fang'))
    expect(rotated).toMatchObject({ _tag: 'Right', right: { id: 'wang.fang' } })
    expect(fetches).toBe(2) // an unknown kid made it fetch again
    expect((await auth.verify(await idpToken(first, claims, 'zhao.lei')))._tag).toBe('Left')

    // Wrong issuer or audience, or an HS256 token, are not the IdP's.
    const elsewhere = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: second.kid }).setIssuer('https://other').setAudience(AUDIENCE).setSubject('x').setIssuedAt().setExpirationTime('10m').sign(second.pair.privateKey)
    expect((await auth.verify(elsewhere))._tag).toBe('Left')
    const notOurs = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: second.kid }).setIssuer(ISSUER).setAudience('another-app').setSubject('x').setIssuedAt().setExpirationTime('10m').sign(second.pair.privateKey)
    expect((await auth.verify(notOurs))._tag).toBe('Left')
  })

  it('maps the IdP’s own claim names (nested paths, arrays) to role, jurisdiction, department and track', async () => {
    const key = await newKey('mapping')
    published = [key.jwk]
    const auth = oidcAuth({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: jwksUrl,
      cooldownMs: 0,
      claims: { role: 'gridcase_roles', jurisdiction: 'gov.area_path', department: 'https://gov.example/department', name: 'preferred_username' },
    })
    const token = await idpToken(key, {
      gridcase_roles: ['department-officer', 'resident'],
      gov: { area_path: 'hohhot/saihan' },
      'https://gov.example/department': 'housing-bureau',
      preferred_username: '张伟',
    })
    expect(await auth.verify(token)).toEqual({
      _tag: 'Right',
      right: { id: 'zhang.wei', role: 'department-officer', jurisdiction: 'hohhot/saihan', department: 'housing-bureau', name: '张伟' },
    })
    const unmapped = await idpToken(key, { gridcase_roles: ['emperor'], gov: { area_path: 'hohhot' } })
    expect(await auth.verify(unmapped)).toMatchObject({ _tag: 'Left', left: expect.stringContaining('role') })
  })

  it('signs people in to the whole server configured with GRIDCASE_OIDC_* alone (no secret, no demo tokens)', async () => {
    const key = await newKey('server')
    published = [key.jwk]
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-oidc-'))
    const config = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      SQLITE_SYNCHRONOUS: 'normal',
      GRIDCASE_OIDC_ISSUER: ISSUER,
      GRIDCASE_OIDC_AUDIENCE: AUDIENCE,
      GRIDCASE_OIDC_JWKS_URI: jwksUrl.toString(),
      GRIDCASE_OIDC_CLAIMS: JSON.stringify({ jurisdiction: 'area' }),
    })
    if (config._tag === 'Left') throw new Error(config.left.message)
    const server = await startGridcaseServer(config.right, { logger: pino({ level: 'silent' }) })
    try {
      expect(server.demoTokens).toEqual({})
      const token = await idpToken(key, { role: 'auditor', area: 'hohhot' })
      const res = await fetch(`${server.url}/api/v1/complaints`, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status).toBe(200)
      const forged = await idpToken(await newKey('server'), { role: 'admin', area: 'hohhot' })
      expect((await fetch(`${server.url}/api/v1/complaints`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401)
    } finally {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
