import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Inside core the arrows point one way: kernel ← access ← pipeline ← case types; a folder never imports one above it.
const coreSrc = fileURLToPath(new URL('../../packages/core/src', import.meta.url))

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.ts$/.test(name) ? [path] : []
  })

/** The core folders a file's relative imports reach (its own included). */
const foldersImported = (file: string): string[] => {
  const code = readFileSync(file, 'utf8')
  const relativeSpecifiers = [...code.matchAll(/(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1] ?? '')
  return relativeSpecifiers.map((s) => relative(coreSrc, resolve(dirname(file), s)).split('/')[0] ?? '')
}

const folderOf = (file: string): string => relative(coreSrc, file).split('/')[0] ?? ''

describe('core layers', () => {
  const files = sources(coreSrc)

  it('the kernel imports nothing from outside the kernel (no access ↔ kernel loop)', () => {
    const outside = files.filter((f) => folderOf(f) === 'kernel').flatMap((f) => foldersImported(f).filter((d) => d !== 'kernel').map((d) => `${relative(coreSrc, f)} → ${d}`))
    expect(outside).toEqual([])
  })

  it('access imports only the kernel and itself', () => {
    const outside = files.filter((f) => folderOf(f) === 'access').flatMap((f) => foldersImported(f).filter((d) => d !== 'kernel' && d !== 'access').map((d) => `${relative(coreSrc, f)} → ${d}`))
    expect(outside).toEqual([])
  })

  it('the Actor codec is defined in one place', () => {
    const definitions = files.filter((f) => /export const Actor\b/.test(readFileSync(f, 'utf8'))).map((f) => relative(coreSrc, f))
    expect(definitions).toEqual(['kernel/actor.ts'])
  })
})
