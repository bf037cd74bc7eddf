import { decode } from '@gridcase/core'
import { Actor } from '@gridcase/core/access'
import * as E from 'fp-ts/lib/Either.js'
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose'

/** Turns a bearer token into the actor it names, or says why it cannot. */
export interface Auth {
  verify(token: string): Promise<E.Either<string, Actor>>
}

export interface JwtOptions {
  /** The HS256 shared secret (at least 32 bytes). */
  readonly secret: string | Uint8Array
  readonly issuer?: string
  readonly audience?: string
  /** Verified tokens remembered until they expire (default 1000): HMAC verification dominates a cheap request. */
  readonly cacheSize?: number
}

const keyOf = (secret: string | Uint8Array): Uint8Array => (typeof secret === 'string' ? new TextEncoder().encode(secret) : secret)

/** HS256 JWT verification: claims `sub`, `role`, `jurisdiction`, optional `department`, `track`, `name`. */
export const jwtAuth = (options: JwtOptions): Auth => {
  const key = keyOf(options.secret)
  const cacheSize = options.cacheSize ?? 1000
  const cache = new Map<string, { readonly actor: Actor; readonly expiresAt: number }>()
  const remember = (token: string, actor: Actor, exp: number | undefined) => {
    if (cacheSize <= 0) return
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string)
    cache.set(token, { actor, expiresAt: exp === undefined ? Infinity : exp * 1000 })
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
          algorithms: ['HS256'],
          ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
          ...(options.audience === undefined ? {} : { audience: options.audience }),
        })
        const claims = {
          id: payload.sub,
          role: payload['role'],
          jurisdiction: payload['jurisdiction'],
          ...(payload['department'] === undefined ? {} : { department: payload['department'] }),
          ...(payload['track'] === undefined ? {} : { track: payload['track'] }),
          ...(payload['name'] === undefined ? {} : { name: payload['name'] }),
        }
        const actor = decode(Actor, claims)
        if (E.isLeft(actor)) {
          const fields = actor.left.code === 'validation' ? actor.left.errors.map((e) => `${e.path === 'id' ? 'sub' : e.path}: ${e.message}`) : []
          return E.left(`the token's claims are not valid: ${fields.join('; ')}`)
        }
        remember(token, actor.right, payload.exp)
        return E.right(actor.right)
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) return E.left('the token has expired')
        if (error instanceof joseErrors.JOSEError) return E.left(`the token is not valid (${error.code})`)
        return E.left('the token is not valid')
      }
    },
  }
}

/** Signs an actor into an HS256 JWT: for demo tokens, tests and integrators' own login services. */
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
