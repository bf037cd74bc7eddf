import { decode, oldestKey, unencodableText, validationError } from '@gridcase/core'
import { Actor } from '@gridcase/core/access'
import * as E from 'fp-ts/lib/Either.js'
// jose by subpath: its root would load every JWE and key-management module too (46 files) at each server start.
import type { JWTPayload, JWTVerifyGetKey } from 'jose'
import { decodeProtectedHeader } from 'jose/decode/protected_header'
import * as joseErrors from 'jose/errors'
import { createRemoteJWKSet } from 'jose/jwks/remote'
import { SignJWT } from 'jose/jwt/sign'
import { jwtVerify } from 'jose/jwt/verify'
import { actorClaims, type ClaimsMapping } from './claims.js'

/** Turns a bearer token into the actor it names, or says why it cannot. */
export interface Auth {
  verify(token: string): Promise<E.Either<string, Actor>>
}

/** What every token must satisfy, whoever signed it. */
export interface TokenRules {
  readonly issuer?: string
  readonly audience?: string
  /** Longest accepted lifetime in seconds: `exp` − `iat` (or `exp` − now without `iat`). Default 12 h. */
  readonly maxLifetimeSeconds?: number
  /** Leeway for clocks that disagree, on `exp`, `nbf` and `iat` (default 30 s). */
  readonly clockToleranceSeconds?: number
  /** Verified tokens remembered until they expire (default 1000): signature checks dominate a cheap request. */
  readonly cacheSize?: number
}

export interface JwtOptions extends TokenRules {
  /** The HS256 shared secret (at least 32 bytes). */
  readonly secret: string | Uint8Array
}

export interface OidcOptions extends TokenRules {
  readonly issuer: string
  readonly audience: string
  /** The IdP's JWKS: a URL (fetched and cached by `jose`'s createRemoteJWKSet), or a key resolver. */
  readonly jwks: URL | JWTVerifyGetKey
  /** Which claims hold role, jurisdiction, department, track and name (see claims.ts). */
  readonly claims?: ClaimsMapping
  /** Asymmetric algorithms accepted (default RS256, PS256, ES256, ES384, EdDSA). */
  readonly algorithms?: readonly string[]
  /** How long fetched keys are kept, and the least time between two fetches (jose's defaults: 10 min, 30 s). */
  readonly cacheMaxAgeMs?: number
  readonly cooldownMs?: number
}

export const DEFAULT_MAX_LIFETIME_SECONDS = 12 * 3600
const DEFAULT_TOLERANCE_SECONDS = 30

const keyOf = (secret: string | Uint8Array): Uint8Array => (typeof secret === 'string' ? new TextEncoder().encode(secret) : secret)

const failure = (error: unknown): string => {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired'
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not valid: ${error.reason}`
  if (error instanceof joseErrors.JOSEError) return `the token is not valid (${error.code})`
  return 'the token is not valid'
}

/**
 * One verification path for every signer: the signature and `iss`/`aud`/`exp`/`nbf` (jose), then
 * the rules jose leaves to us — `exp` and a non-empty `sub` required, `iat` not in the future, a
 * lifetime no longer than the maximum — then the claims decoded as an `Actor`.
 */
const verifier = (
  rules: TokenRules,
  key: JWTVerifyGetKey,
  algorithms: readonly string[],
  mapping: ClaimsMapping = {},
): Auth => {
  const tolerance = rules.clockToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  const maxLifetime = rules.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS
  const cacheSize = rules.cacheSize ?? 1000
  const cache = new Map<string, { readonly actor: Actor; readonly expiresAt: number }>()
  const oldestToken = oldestKey(cache)
  const remember = (token: string, actor: Actor, exp: number) => {
    if (cacheSize <= 0) return
    if (cache.size >= cacheSize) cache.delete(oldestToken.next() as string)
    cache.set(token, { actor, expiresAt: (exp + tolerance) * 1000 })
  }
  const lifetimeProblem = (payload: JWTPayload, now: number): string | undefined => {
    const { exp, iat } = payload
    if (typeof exp !== 'number') return 'the token has no exp claim (an expiry is required)'
    if (typeof payload.sub !== 'string' || payload.sub.trim() === '') return 'the token has no sub claim (a subject is required)'
    if (iat !== undefined && iat > now + tolerance) return "the token's iat claim is in the future"
    if (exp - (iat ?? now) > maxLifetime) return `the token lives longer than the ${maxLifetime} s this server accepts`
    return undefined
  }
  return {
    verify: async (token) => {
      const known = cache.get(token)
      if (known !== undefined) {
        if (Date.now() < known.expiresAt) return E.right(known.actor)
        cache.delete(token)
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [...algorithms],
          requiredClaims: ['exp', 'sub'],
          clockTolerance: tolerance,
          ...(rules.issuer === undefined ? {} : { issuer: rules.issuer }),
          ...(rules.audience === undefined ? {} : { audience: rules.audience }),
        })
        const refused = lifetimeProblem(payload, Math.floor(Date.now() / 1000))
        if (refused !== undefined) return E.left(refused)
        const claims = actorClaims(payload, mapping)
        // A lone surrogate decodes as a string, but no event naming this actor could then be hashed or stored.
        const unencodable = unencodableText(claims)
        const actor = unencodable === undefined ? decode(Actor, claims) : E.left(validationError([unencodable]))
        if (E.isLeft(actor)) {
          const fields = actor.left.code === 'validation' ? actor.left.errors.map((e) => `${e.path === 'id' ? 'sub' : e.path}: ${e.message}`) : []
          return E.left(`the token's claims are not valid: ${fields.join('; ')}`)
        }
        remember(token, actor.right, payload.exp ?? 0)
        return E.right(actor.right)
      } catch (error) {
        if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'sub') return E.left('the token has no sub claim (a subject is required)')
        if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'exp') return E.left('the token has no exp claim (an expiry is required)')
        return E.left(failure(error))
      }
    },
  }
}

/** HS256 JWT verification: claims `sub`, `role`, `jurisdiction`, optional `department`, `track`, `name`, `court`; `exp` required. */
export const jwtAuth = (options: JwtOptions): Auth => {
  const key = keyOf(options.secret)
  return verifier(options, async () => key, ['HS256'])
}

/**
 * Sign-in through an OpenID Connect identity provider: tokens signed with a key from its JWKS
 * (fetched, cached and refetched on an unknown `kid`, so the IdP may rotate keys), with its issuer
 * and our audience; the actor's fields from the claims the mapping names.
 */
export const oidcAuth = (options: OidcOptions): Auth => {
  const jwks =
    options.jwks instanceof URL
      ? createRemoteJWKSet(options.jwks, {
          ...(options.cacheMaxAgeMs === undefined ? {} : { cacheMaxAge: options.cacheMaxAgeMs }),
          ...(options.cooldownMs === undefined ? {} : { cooldownDuration: options.cooldownMs }),
        })
      : options.jwks
  return verifier(options, jwks, options.algorithms ?? ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'], options.claims)
}

/** How many distinct protected headers `eitherAuth` remembers the algorithm of (in practice one per signing key). */
const HEADER_MEMO = 64

/**
 * Several sign-ins side by side: an HS256 token goes to `shared`, any other algorithm to `idp`. The header (the token up
 * to its first dot) names the algorithm; clients send the same few headers over and over, so each distinct header is
 * decoded once (base64url and JSON.parse) and its algorithm remembered — the signature is still verified every time.
 */
export const eitherAuth = (shared: Auth | undefined, idp: Auth | undefined): Auth => {
  const algs = new Map<string, unknown>()
  const oldestHeader = oldestKey(algs)
  const algOf = (token: string): unknown => {
    // Only a JWS (3 parts) or JWE (5) is looked up: anything else goes to decodeProtectedHeader, which refuses it as before.
    const parts = token.split('.', 6).length
    const header = parts === 3 || parts === 5 ? token.slice(0, token.indexOf('.')) : undefined
    if (header !== undefined && algs.has(header)) return algs.get(header)
    // Throws on what is not a JWT: nothing is remembered then.
    const alg: unknown = decodeProtectedHeader(token).alg
    if (header !== undefined) {
      if (algs.size >= HEADER_MEMO) algs.delete(oldestHeader.next() as string)
      algs.set(header, alg)
    }
    return alg
  }
  return {
    verify: async (token) => {
      let alg: unknown
      try {
        alg = algOf(token)
      } catch {
        return E.left('the token is not a JWT')
      }
      const auth = alg === 'HS256' ? shared : idp
      return auth === undefined ? E.left(`tokens signed with ${String(alg)} are not accepted here`) : auth.verify(token)
    },
  }
}

/** Signs an actor into an HS256 JWT: for demo tokens, `gridcase token`, tests and integrators' own login services. */
export const signToken = async (
  options: JwtOptions & { readonly expiresIn?: string | number },
  actor: Actor,
): Promise<string> => {
  const { id, ...claims } = actor
  let jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(id).setIssuedAt()
  if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer)
  if (options.audience !== undefined) jwt = jwt.setAudience(options.audience)
  jwt = jwt.setExpirationTime(options.expiresIn ?? '8h')
  return jwt.sign(keyOf(options.secret))
}

/** The token from an `Authorization: Bearer …` header, if there is one. */
export const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1]
}
