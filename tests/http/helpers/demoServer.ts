// The real server entry (`startGridcaseServer`, what `npm start` runs) for tests, and calls signed with its demo tokens.
import { readConfig, startGridcaseServer, type RunningServer } from '@gridcase/http'
import { pino } from 'pino'

/** Starts the server with `--demo` on 127.0.0.1 and a free port with `env` as its environment (quiet logs). */
export const startDemoServer = async (env: Record<string, string>, options: { readonly seed?: boolean } = {}): Promise<RunningServer> => {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', ...env })
  if (config._tag === 'Left') throw new Error(config.left.message)
  return startGridcaseServer(config.right, { seed: options.seed ?? false, demo: true, logger: pino({ level: 'silent' }) })
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
    return { status: res.status, etag: res.headers.get('etag'), body: (await res.json()) as Record<string, unknown> }
  }
