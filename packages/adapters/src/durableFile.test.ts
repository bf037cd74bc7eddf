import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileOnce, replaceFileDurably } from './durableFile.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-durable-file-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('createFileOnce', () => {
  it('creates the file with its text and mode 0600, and leaves no temporary beside it', () => {
    const path = join(dir, 'key')
    expect(createFileOnce(path, 'secret\n')).toBe(true)
    expect(readFileSync(path, 'utf8')).toBe('secret\n')
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['key'])
  })
  it('never replaces a file that is there: the first text stays, false, no temporary left', () => {
    const path = join(dir, 'key')
    createFileOnce(path, 'first\n')
    expect(createFileOnce(path, 'second\n')).toBe(false)
    expect(readFileSync(path, 'utf8')).toBe('first\n')
    expect(readdirSync(dir)).toEqual(['key'])
  })
  it('throws for a folder that is not there, and writes nothing', () => {
    expect(() => createFileOnce(join(dir, 'missing', 'key'), 'x')).toThrow(/ENOENT/)
    expect(existsSync(join(dir, 'missing'))).toBe(false)
  })
})

describe('replaceFileDurably', () => {
  it('writes the file whole, replacing what was there, and leaves no temporary', () => {
    const path = join(dir, 'memory.json')
    replaceFileDurably(path, '{"a":1}\n')
    replaceFileDurably(path, '{"a":2}\n')
    expect(readFileSync(path, 'utf8')).toBe('{"a":2}\n')
    expect(readdirSync(dir)).toEqual(['memory.json'])
  })
})
