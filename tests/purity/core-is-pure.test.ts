import { readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const coreSrc = fileURLToPath(new URL('../../packages/core/src', import.meta.url))

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.ts$/.test(name) && !/\.test(-d)?\.ts$/.test(name) ? [path] : []
  })

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
const forbiddenPackages = ['better-sqlite3', 'express', '@eventstore/db-client', 'uuid', 'jose', 'pino']
const specifiers = (code: string): string[] =>
  [...code.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  )

/** Lines that read the clock, randomness or the environment. */
export const impurities = (code: string): string[] =>
  code
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .filter((line) =>
      /Date\.now\(|new Date\(\s*\)|Math\.random\(|crypto\.|performance\.now\(|process\.|globalThis\.|setTimeout\(|setInterval\(|fetch\(|\bDate\(\s*\)/.test(line),
    )

describe('packages/core is pure', () => {
  const files = sources(coreSrc)

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(5)
  })

  it.each(files.map((f) => [relative(coreSrc, f), f]))('%s imports no Node built-in and no I/O library', (_name, file) => {
    const bad = specifiers(readFileSync(file, 'utf8')).filter(
      (s) => builtins.has(s) || forbiddenPackages.some((p) => s === p || s.startsWith(`${p}/`)),
    )
    expect(bad).toEqual([])
  })

  it.each(files.map((f) => [relative(coreSrc, f), f]))('%s reads no clock, randomness or environment', (_name, file) => {
    expect(impurities(readFileSync(file, 'utf8'))).toEqual([])
  })

  it('the checks catch what they are meant to catch', () => {
    expect(specifiers("import { readFile } from 'node:fs'\nimport x from \"fs\"")).toEqual(['node:fs', 'fs'])
    expect(impurities('const t = Date.now()\nconst r = Math.random()\nconst d = new Date()')).toHaveLength(3)
    expect(impurities('const d = new Date(Date.parse(at))')).toHaveLength(0)
  })
})
