// A production install (`npm ci --omit=dev`) has only each package's `dependencies`: everything the built
// code imports at run time must be there, never in devDependencies (typescript, tsx, vitest, …).
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const workspaces = ['packages/core', 'packages/adapters', 'packages/http']

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    // Tests and test fixtures are not built into the package (tsconfig excludes them).
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) && !/fixtures\.ts$/.test(entry.name) ? [path] : []
  })

/** Packages a file loads at run time: value imports, re-exports and dynamic imports; `import type` is erased. */
export const runtimeImports = (source: string): string[] => {
  const found: string[] = []
  for (const match of source.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?\sfrom\s+['"]([^'"]+)['"]/gm)) {
    if (match[2] === undefined && match[3] !== undefined) found.push(match[3])
  }
  for (const match of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) if (match[1] !== undefined) found.push(match[1])
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) if (match[1] !== undefined) found.push(match[1])
  return found.filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s))
}

const packageOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')

describe('runtime dependencies', () => {
  it('finds value imports and ignores type-only ones (the checker itself)', () => {
    expect(runtimeImports("import { a } from 'x'\nimport type { B } from 'y'\nexport * from 'z/deep'\nconst m = await import('w')\nimport 'side'")).toEqual(['x', 'z/deep', 'side', 'w'])
  })

  for (const workspace of workspaces) {
    it(`${workspace}: everything its built code imports is in its dependencies`, () => {
      const manifest = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
      const declared = new Set(Object.keys(manifest.dependencies ?? {}))
      const missing = sourceFiles(join(root, workspace, 'src')).flatMap((file) =>
        runtimeImports(readFileSync(file, 'utf8'))
          .map(packageOf)
          .filter((name) => !declared.has(name))
          .map((name) => `${relative(root, file)} imports ${name}`),
      )
      expect(missing).toEqual([])
    })
  }

  it('typescript and tsx are development tools only, and the production start runs the built server without them', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string>; dependencies?: Record<string, string> }
    expect(Object.keys(manifest.devDependencies)).toEqual(expect.arrayContaining(['typescript', 'tsx']))
    // exec: the shell npm runs the script in becomes the server, so npm's SIGTERM reaches it (tests/http/npm-start-signal.test.ts).
    expect(manifest.scripts['start:prod']).toBe('exec node packages/http/dist/bin/server.js')
    for (const workspace of workspaces) {
      const deps = Object.keys((JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {})
      expect(deps).not.toContain('typescript')
      expect(deps).not.toContain('tsx')
    }
  })
})
