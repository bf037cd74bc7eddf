// The suite's global setup (globalSetup.ts) run in a process of its own, for tests/postgres/watchdog.test.ts: it starts
// the throwaway server, prints what it provides as one JSON line, and waits to be killed.
import type { TestProject } from 'vitest/node'
import setup from './globalSetup.js'

const provided: Record<string, unknown> = {}
await setup({ provide: (key: string, value: unknown) => (provided[key] = value) } as unknown as TestProject)
process.stdout.write(`${JSON.stringify(provided)}\n`)
setInterval(() => undefined, 60_000)
