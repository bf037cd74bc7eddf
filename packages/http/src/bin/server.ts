#!/usr/bin/env node
// `npm start`: the gridcase server on :8080 with SQLite under ./data (see packages/http/README.md for the environment).
import * as E from 'fp-ts/lib/Either.js'
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { readConfig } from '../config.js'
import { demoActors, demoTokensEnv } from '../demo.js'
import { startGridcaseServer, storeName, type Listening } from '../server.js'

const USAGE = `usage: gridcase-server [--demo] [--seed]      (npm start -- [--demo] [--seed])

Serves the HTTP API (/api/v1, /openapi.json), the dashboard page (/) and /healthz; configured by environment
variables (PORT, default 8080; HOST; DATA_DIR, default ./data; GRIDCASE_JWT_SECRET or GRIDCASE_OIDC_*; DATABASE_URL
for PostgreSQL …), every one listed in packages/http/README.md.

options:
  --demo        demo tokens for every role of the demo district, printed and written to DATA_DIR/demo-tokens.env
                (refused beside GRIDCASE_JWT_SECRET or an identity provider, and in production)
  --seed        writes the demo complaints and disputes of the demo district (those not in the store yet)
  -h, --help    this text

exit codes: 0 stopped, 1 could not start (or could not stop cleanly), 2 bad arguments or configuration`

// Before the configuration: --help needs none, and a mistyped flag starts nothing.
let flags: { readonly demo?: boolean; readonly seed?: boolean; readonly help?: boolean }
try {
  flags = parseArgs({ args: process.argv.slice(2), strict: true, allowPositionals: false, options: { demo: { type: 'boolean' }, seed: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }).values
} catch (error) {
  console.error(`gridcase-server: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
  process.exit(2)
}
if (flags.help === true) {
  console.log(USAGE)
  process.exit(0)
}

const config = readConfig(process.env)
if (E.isLeft(config)) {
  console.error(`gridcase: bad configuration — ${config.left.message}`)
  process.exit(2)
}
// Everything the server writes (SQLite files, the demo secret) is for its own user only.
process.umask(0o077)
const seed = flags.seed === true
const demo = flags.demo === true
/** The banner and, with --demo, the tokens: said before the first request is served, so no request's log line comes first. */
const announce = ({ url, demoTokens, metricsUrl }: Listening): void => {
  // The token file first: whoever reads "listening" (a person, the tour script, a test) finds it there.
  const envFile = join(config.right.dataDir, 'demo-tokens.env')
  if (demo) {
    writeFileSync(envFile, demoTokensEnv(demoTokens), { mode: 0o600 })
    chmodSync(envFile, 0o600)
  }
  console.log(`gridcase listening on ${url} (store: ${storeName(config.right)})`)
  if (metricsUrl !== undefined) console.log(`metrics on ${metricsUrl}`)
  if (!demo) return
  console.log('\n*** DEMO MODE (--demo) — demo tokens below grant every role in the demo district. ***')
  console.log('*** Never use them for real cases: start without --demo, with GRIDCASE_JWT_SECRET or an identity provider. ***\n')
  for (const actor of demoActors) {
    console.log(`${actor.role.padEnd(18)} ${actor.jurisdiction}${actor.track ? ` (track ${actor.track})` : ''}${actor.department ? ` (${actor.department})` : ''}`)
    console.log(`  ${demoTokens[actor.role] ?? ''}`)
  }
  console.log(`\nthe same tokens as shell variables: source ${envFile}   (TOKEN_HOTLINE_OPERATOR, TOKEN_AUDITOR, …)`)
  console.log(`dashboard page: ${url}/?token=${demoTokens['street-officer'] ?? ''}`)
  console.log(`try: curl -H "Authorization: Bearer $TOKEN_HOTLINE_OPERATOR" ${url}/api/v1/complaints\n`)
}

const running = await startGridcaseServer(config.right, { seed, demo, onListening: announce }).catch((error: unknown) => {
  console.error(`gridcase: could not start — ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})

let stopping = false
const stop = (signal: string) => {
  if (stopping) return
  stopping = true
  console.log(`gridcase: ${signal}, closing`)
  // Stopped cleanly: 0. A store or a process that fails to close is said in one line, exit 1 (not an unhandled
  // rejection's stack trace, nor a 0 that would tell a supervisor all was well).
  void running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`gridcase: could not stop cleanly — ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    },
  )
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
