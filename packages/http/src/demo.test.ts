import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { demoActors, demoTokensEnv } from './demo.js'

describe('demo tokens as a shell file', () => {
  it('gives every role a variable a shell can source', () => {
    const tokens = Object.fromEntries(demoActors.map((a, i) => [a.role, `tok.${i}.sig-_`]))
    const script = `${demoTokensEnv(tokens)}\nprintf '%s|%s|%s' "$TOKEN_HOTLINE_OPERATOR" "$TOKEN_GRID_WORKER" "$TOKEN_ADMIN"`
    const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' })
    expect(out).toBe(`${tokens['hotline-operator']}|${tokens['grid-worker']}|${tokens.admin}`)
  })
})
