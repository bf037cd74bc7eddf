import { describe, expect, it } from 'vitest'
import { commandArgs } from './commandArgs.js'

const USAGE = 'usage: gridcase thing [--db <path>] [--json]'

const run = (argv: readonly string[]) => {
  let out = ''
  let err = ''
  const parsed = commandArgs(argv, { db: { type: 'string' }, json: { type: 'boolean' } }, { prefix: 'gridcase thing', usage: USAGE }, (s) => (out += s), (s) => (err += s))
  return { parsed, out, err }
}

describe('a command’s arguments (commandArgs)', () => {
  it('gives the values and the positionals, writing nothing', () => {
    const { parsed, out, err } = run(['due', '--db', 'x.sqlite', '--json', 'more'])
    expect(parsed).toMatchObject({ values: { db: 'x.sqlite', json: true }, positionals: ['due', 'more'] })
    expect([out, err]).toEqual(['', ''])
  })

  it('answers --help and -h with the usage on stdout: exit 0', () => {
    for (const flag of ['--help', '-h']) expect(run(['due', flag])).toEqual({ parsed: 0, out: `${USAGE}\n`, err: '' })
  })

  it('refuses an unknown option, a missing value or a value on a flag, naming it, with the usage on stderr: exit 2', () => {
    for (const [argv, named] of [
      [['--dbb', 'x'], "'--dbb'"],
      [['--db'], "'--db"],
      [['--json=yes'], "'--json'"],
    ] as const) {
      const { parsed, out, err } = run(argv)
      expect(parsed).toBe(2)
      expect(out).toBe('')
      expect(err).toMatch(/^gridcase thing: /)
      expect(err).toContain(named)
      expect(err.endsWith(`\n\n${USAGE}\n`)).toBe(true)
    }
  })
})
