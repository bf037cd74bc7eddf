import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import GithubSlugger from 'github-slugger'
import { marked, type Token } from 'marked'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Every Markdown file in the repository: tracked, plus new ones not ignored (so a new README is checked before its commit). */
const markdownFiles = (): string[] =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.md'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f !== '' && existsSync(join(root, f)))

const walk = (tokens: readonly Token[], visit: (token: Token) => void): void => {
  for (const token of tokens) {
    visit(token)
    const nested = token as { tokens?: Token[]; items?: Token[]; rows?: { tokens: Token[] }[][]; header?: { tokens: Token[] }[] }
    if (nested.tokens) walk(nested.tokens, visit)
    if (nested.items) walk(nested.items, visit)
    if (nested.header) for (const cell of nested.header) walk(cell.tokens, visit)
    if (nested.rows) for (const row of nested.rows) for (const cell of row) walk(cell.tokens, visit)
  }
}

/** Links and images of a Markdown text (code blocks and code spans are not links), and its headings' anchors as GitHub makes them. */
const parse = (text: string): { links: string[]; anchors: Set<string> } => {
  const links: string[] = []
  const slugger = new GithubSlugger()
  const anchors = new Set<string>()
  walk(marked.lexer(text), (token) => {
    if (token.type === 'link' || token.type === 'image') links.push((token as { href: string }).href)
    if (token.type === 'heading') anchors.add(slugger.slug((token as { text: string }).text.replace(/[`*_]/g, '')))
  })
  return { links, anchors }
}

const anchorsOf = new Map<string, Set<string>>()
const anchorsIn = (file: string): Set<string> => {
  let found = anchorsOf.get(file)
  if (found === undefined) {
    found = parse(readFileSync(file, 'utf8')).anchors
    anchorsOf.set(file, found)
  }
  return found
}

/** What is wrong with one link in `file`, or undefined when it resolves inside the repository. */
const problemWith = (file: string, href: string): string | undefined => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return 'leaves the repository (links stay inside it)'
  if (href.startsWith('/')) return 'is an absolute path (use a path relative to the file)'
  const [path = '', anchor] = href.split('#', 2)
  const target = path === '' ? join(root, file) : resolve(dirname(join(root, file)), decodeURIComponent(path))
  const inside = relative(root, target)
  if (inside.startsWith('..') || inside.startsWith(sep)) return 'points outside the repository'
  if (path.startsWith('../')) return 'climbs out of its folder (name the repository path in code instead)'
  if (!existsSync(target)) return 'points to nothing'
  if (anchor !== undefined && anchor !== '' && statSync(target).isFile() && target.endsWith('.md') && !anchorsIn(target).has(decodeURIComponent(anchor))) {
    return `names no heading of ${inside}`
  }
  return undefined
}

describe('Markdown links', () => {
  const files = markdownFiles()

  it('finds the READMEs and the docs', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'packages/http/README.md', 'docs/HTTP.md', 'CONTRIBUTING.md']))
  })

  it('every link in every Markdown file resolves inside the repository, anchors included', () => {
    const broken = files.flatMap((file) =>
      parse(readFileSync(join(root, file), 'utf8')).links.flatMap((href) => {
        const problem = problemWith(file, href)
        return problem === undefined ? [] : [`${file}: (${href}) ${problem}`]
      }),
    )
    expect(broken).toEqual([])
  })

  it('the checker itself: catches a link outside the repository, a missing file, an absolute path and a missing anchor', () => {
    expect(problemWith('README.md', '../shared/HTTP.md')).toMatch(/outside/)
    expect(problemWith('README.md', 'docs/NOPE.md')).toMatch(/nothing/)
    expect(problemWith('docs/import.md', '../examples/import/cases.ndjson')).toMatch(/climbs/)
    expect(problemWith('packages/http/README.md', '/work/shared/HTTP.md')).toMatch(/absolute/)
    expect(problemWith('README.md', 'https://example.org/')).toMatch(/leaves/)
    expect(problemWith('README.md', '#no-such-heading')).toMatch(/no heading/)
    expect(problemWith('README.md', 'docs/HTTP.md')).toBeUndefined()
    expect(problemWith('README.md', '#two-commands')).toBeUndefined()
  })

  it('the contract is in the repository: README links to docs/HTTP.md, packages/http/README.md names it', () => {
    expect(parse(readFileSync(join(root, 'README.md'), 'utf8')).links).toContain('docs/HTTP.md')
    // By its repository path, not a `../../` link: links in the repository's Markdown do not climb out of their folder.
    expect(readFileSync(join(root, 'packages/http/README.md'), 'utf8').split('\n').slice(0, 5).join('\n')).toContain('`docs/HTTP.md`')
  })
})
