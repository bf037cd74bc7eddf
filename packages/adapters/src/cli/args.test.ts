import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseCli } from './args.js'

describe('parseCli --database-url', () => {
  it('takes a PostgreSQL log for verify, receipt, history and export, with its schema', () => {
    const parsed = parseCli(['audit', 'verify', '--database-url', 'postgres://a@h/db', '--schema', 'district'])
    expect(E.isRight(parsed) && !parsed.right.help && parsed.right.command).toMatchObject({ command: 'verify', 'database-url': 'postgres://a@h/db', schema: 'district' })
    for (const argv of [['history', 'x'], ['export', '--format', 'csv'], ['receipt', '--out', 'r.json']]) {
      expect(E.isRight(parseCli(['audit', ...argv, '--database-url', 'postgresql://a@h/db']))).toBe(true)
    }
  })
  it('refuses --db with it, --schema without it, a URL that is not PostgreSQL, and rebuild', () => {
    const left = (argv: string[]) => {
      const parsed = parseCli(argv)
      return E.isLeft(parsed) ? parsed.left : 'accepted'
    }
    expect(left(['audit', 'verify', '--db', 'x.sqlite', '--database-url', 'postgres://h/db'])).toContain('not both')
    expect(left(['audit', 'verify', '--schema', 'district'])).toContain('--schema goes with --database-url')
    expect(left(['audit', 'verify', '--database-url', 'mysql://h/db'])).toContain('--database-url: expected a postgres://')
    expect(left(['audit', 'rebuild', '--database-url', 'postgres://h/db'])).toContain('rebuild works on a SQLite read model')
  })
})
