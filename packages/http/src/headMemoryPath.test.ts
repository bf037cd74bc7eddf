import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { readConfig } from './config.js'
import { headMemoryPath } from './server.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-head-memory-path-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const configOf = (env: Record<string, string>) => {
  const config = readConfig({ DATA_DIR: join(dir, 'data'), ...env })
  if (config._tag === 'Left') throw new Error(config.left.message)
  return config.right
}

it("the signer's memory goes where it is told, else beside the key, else (the key's folder not writable) in DATA_DIR, said once", () => {
  expect(headMemoryPath(configOf({ GRIDCASE_HEAD_MEMORY_FILE: join(dir, 'memory.json') }))).toBe(join(dir, 'memory.json'))
  expect(headMemoryPath(configOf({}))).toBe(join(dir, 'data', 'head-last-signed.json'))
  const key = join(dir, 'head.pem')
  writeFileSync(key, 'a key')
  expect(headMemoryPath(configOf({ GRIDCASE_HEAD_KEY_FILE: key }))).toBe(`${key}.last-head.json`)
  // A folder that cannot be written (here: one that is not there, which root cannot write either).
  const warned: unknown[] = []
  const logger = { warn: (...args: unknown[]) => warned.push(args) } as unknown as Parameters<typeof headMemoryPath>[1]
  expect(headMemoryPath(configOf({ GRIDCASE_HEAD_KEY_FILE: join(dir, 'nowhere', 'head.pem') }), logger)).toBe(join(dir, 'data', 'head-last-signed.json'))
  expect(warned).toHaveLength(1)
})
