import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const MARK = '<!-- readme-snippet'

/** The TypeScript block that follows the marker in README.md. */
export const snippetOf = (readme: string): string => {
  const at = readme.indexOf(MARK)
  if (at < 0) throw new Error('README.md has no readme-snippet marker')
  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(at))
  if (match?.[1] === undefined) throw new Error('no ```ts block after the marker')
  return match[1]
}

describe('the README snippet an integrator copies', () => {
  // Inside the repo so that @gridcase/* and fp-ts resolve as they would for an integrator (built packages).
  const dir = mkdtempSync(join(root, 'tests', '.readme-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('registers, dispatches, resolves and evaluates a complaint', async () => {
    const file = join(dir, 'snippet.ts')
    writeFileSync(file, snippetOf(readFileSync(join(root, 'README.md'), 'utf8')))
    const tsx = join(root, 'node_modules', '.bin', 'tsx')
    const { stdout } = await promisify(execFile)(tsx, [file], { cwd: root, encoding: 'utf8' })
    expect(stdout).toMatch(/^evaluated \{/)
    expect(stdout).toContain("rating: 'satisfied'")
    expect(stdout).toContain("level: 'grid'")
  })

  // tsx strips types without checking them: found by an integrator, the block ran but did not compile under the strict
  // settings it is written for (`evaluated.evaluation` on a state that may be `{ status: 'none' }`).
  it('type-checks as an integrator compiles it: strict, against the published exports (no paths into src/)', async () => {
    const file = join(dir, 'snippet.ts')
    writeFileSync(file, snippetOf(readFileSync(join(root, 'README.md'), 'utf8')))
    const config = join(dir, 'tsconfig.json')
    writeFileSync(
      config,
      JSON.stringify({
        extends: '../../tsconfig.base.json',
        compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false, types: ['node'] },
        files: ['snippet.ts'],
      }),
    )
    const tsc = join(root, 'node_modules', '.bin', 'tsc')
    const outcome = await promisify(execFile)(tsc, ['-p', config], { cwd: root, encoding: 'utf8' }).then(
      () => 'compiles',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    )
    expect(outcome).toBe('compiles')
  })
})
