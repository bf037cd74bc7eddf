// The real server entry (`startGridcaseServer`, what `npm start` runs) for tests, and calls signed with its demo tokens.
import { demoActors, readConfig, signToken, startGridcaseServer, type RunningServer } from '@gridcase/http'
import { pino } from 'pino'

/**
 * Starts the server on 127.0.0.1 and a free port with `env` as its environment (quiet logs): with `--demo`, or,
 * when `env` sets GRIDCASE_JWT_SECRET (servers that must accept each other's tokens), with that secret and the
 * demo actors' tokens minted here, as an operator would with `gridcase token`.
 */
export const startDemoServer = async (env: Record<string, string>, options: { readonly seed?: boolean } = {}): Promise<RunningServer> => {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', ...env })
  if (config._tag === 'Left') throw new Error(config.left.message)
  const secret = config.right.jwtSecret
  const running = await startGridcaseServer(config.right, { seed: options.seed ?? false, demo: secret === undefined, logger: pino({ level: 'silent' }) })
  if (secret === undefined) return running
  const demoTokens = Object.fromEntries(await Promise.all(demoActors.map(async (actor) => [actor.role, await signToken({ secret }, actor)] as const)))
  return { ...running, demoTokens }
}

/**
 * Starts the server signed in by `GRIDCASE_JWT_SECRET` (as servers sharing one database are: `--demo` is refused
 * beside a secret), with the demo actors' tokens minted with that secret in `demoTokens`, as an operator mints them.
 */
export const startSignedServer = async (env: Record<string, string> & { readonly GRIDCASE_JWT_SECRET: string }): Promise<RunningServer> => {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', ...env })
  if (config._tag === 'Left') throw new Error(config.left.message)
  const running = await startGridcaseServer(config.right, { seed: false, logger: pino({ level: 'silent' }) })
  const tokens: Record<string, string> = {}
  for (const actor of demoActors) tokens[actor.role] = await signToken({ secret: env.GRIDCASE_JWT_SECRET }, actor)
  return { ...running, demoTokens: tokens }
}

/** A request to `server()` as the demo actor of `role`, with a JSON body when there is one; the answer's status, ETag and JSON body. */
export const demoCall =
  (server: () => RunningServer) =>
  async (role: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server().url}${path}`, {
      method,
      headers: { authorization: `Bearer ${server().demoTokens[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    // A 304 has no body.
    const text = await res.text()
    return { status: res.status, etag: res.headers.get('etag'), body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown> }
  }
