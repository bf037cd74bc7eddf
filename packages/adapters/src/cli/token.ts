import { decode } from '@gridcase/core'
import { Actor, ROLES } from '@gridcase/core/access'
import * as E from 'fp-ts/lib/Either.js'
import { SignJWT } from 'jose'
import { parseArgs } from 'node:util'

/** The roles --role takes (core's ROLES, so the usage cannot leave one out), wrapped under the option's text. */
const roleList = (): string => {
  const words = ROLES.map((role, i) => (i === ROLES.length - 1 ? `or ${role} (required)` : i === ROLES.length - 2 ? role : `${role},`))
  const lines: string[] = []
  for (const word of words) {
    const last = lines.length - 1
    if (last >= 0 && (lines[last] ?? '').length + 1 + word.length <= 80) lines[last] = `${lines[last] ?? ''} ${word}`
    else lines.push(word)
  }
  return lines.join(`\n${' '.repeat(28)}`)
}

export const TOKEN_USAGE = `usage: gridcase token --sub <id> --role <role> --jurisdiction <path> [options]

Mints an HS256 bearer token with the server's GRIDCASE_JWT_SECRET (from the environment), for operators
who sign people in with the shared secret rather than an identity provider.

options:
  --sub <id>                the person's id (the token's subject; required)
  --role <role>             ${roleList()}
  --jurisdiction <path>     e.g. hohhot/saihan/wulanchabu-east-road (required)
  --department <name>       for department officers
  --track <track>           for mediators: people, administrative or judicial
  --court <name>            for court clerks: the court whose decisions they record (as applications name it)
  --name <name>             a display name
  --expires-in <lifetime>   seconds or 15m, 8h, 1d (default 8h; at most GRIDCASE_JWT_MAX_LIFETIME, default 12h)

environment: GRIDCASE_JWT_SECRET (required, ≥ 32 characters), GRIDCASE_JWT_ISSUER, GRIDCASE_JWT_AUDIENCE,
GRIDCASE_JWT_MAX_LIFETIME — the same as the server's.

exit codes: 0 the token on stdout, 2 usage or input error`

/** `900`, `15m`, `8h`, `1d` → seconds, or undefined. */
export const lifetimeSeconds = (text: string): number | undefined => {
  const match = /^(\d{1,7})([smhd]?)$/.exec(text)
  if (match === null) return undefined
  return Number(match[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86_400 } as const)[match[2] as '' | 's' | 'm' | 'h' | 'd']
}

interface TokenIo {
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
}

/** `gridcase token …`: writes a signed token (and a newline) to stdout; returns the exit code. */
export const runTokenCli = async (argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: TokenIo): Promise<number> => {
  const fail = (message: string): number => {
    io.stderr.write(`gridcase token: ${message}\n\n${TOKEN_USAGE}\n`)
    return 2
  }
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        sub: { type: 'string' },
        role: { type: 'string' },
        jurisdiction: { type: 'string' },
        department: { type: 'string' },
        track: { type: 'string' },
        court: { type: 'string' },
        name: { type: 'string' },
        'expires-in': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
  if (values['help'] === true) {
    io.stdout.write(`${TOKEN_USAGE}\n`)
    return 0
  }
  const secret = env['GRIDCASE_JWT_SECRET'] ?? ''
  if (secret.length < 32) return fail('set GRIDCASE_JWT_SECRET (at least 32 characters), the secret the server verifies with')
  const max = lifetimeSeconds(env['GRIDCASE_JWT_MAX_LIFETIME'] ?? '12h')
  if (max === undefined) return fail('GRIDCASE_JWT_MAX_LIFETIME: expected seconds or 15m, 12h, 7d')
  const lifetime = lifetimeSeconds(String(values['expires-in'] ?? '8h'))
  if (lifetime === undefined || lifetime < 60) return fail('--expires-in: expected at least 60 seconds, e.g. 900, 15m, 8h')
  if (lifetime > max) return fail(`--expires-in: the server accepts tokens of at most ${max} s (GRIDCASE_JWT_MAX_LIFETIME)`)
  const str = (key: string) => (typeof values[key] === 'string' ? { [key]: values[key] } : {})
  const actor = decode(Actor, { id: values['sub'], role: values['role'], jurisdiction: values['jurisdiction'], ...str('department'), ...str('track'), ...str('name'), ...str('court') })
  if (E.isLeft(actor)) {
    const errors = actor.left.code === 'validation' ? actor.left.errors.map((e) => `--${e.path === 'id' ? 'sub' : e.path}: ${e.message}`) : [actor.left.message]
    return fail(errors.join('\n'))
  }
  if (actor.right.id.trim() === '') return fail('--sub: expected a non-empty id')
  const { id, ...claims } = actor.right
  let jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(id).setIssuedAt().setExpirationTime(`${lifetime}s`)
  if (env['GRIDCASE_JWT_ISSUER']) jwt = jwt.setIssuer(env['GRIDCASE_JWT_ISSUER'])
  if (env['GRIDCASE_JWT_AUDIENCE']) jwt = jwt.setAudience(env['GRIDCASE_JWT_AUDIENCE'])
  io.stdout.write(`${await jwt.sign(new TextEncoder().encode(secret))}\n`)
  return 0
}
