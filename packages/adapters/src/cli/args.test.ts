import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseCli } from './args.js'

describe('parseCli --database-url', () => {
  it('takes a PostgreSQL log for verify, receipt, history and export, with its schema', () => {
    const parsed = parseCli(['audit', 'verify', '--database-url', 'postgres://a@h/db', '--schema', 'district'])
    expect(E.isRight(parsed) && !parsed.right.help && parsed.right.command).toMatchObject({ command: 'verify', 'database-url': 'postgres://a@h/db', schema: 'district' })
    for (const argv of [['history', 'x'], ['export', '--format', 'csv'], ['receipt', '--out', 'r.json', '--public-key', 'k.pem']]) {
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

describe('parseCli: a flag a command does not read', () => {
  const refused = (...argv: string[]): string => {
    const parsed = parseCli(argv)
    return E.isLeft(parsed) ? parsed.left : 'accepted'
  }
  it('is an error naming it, never accepted and ignored (found in review)', () => {
    expect(refused('audit', 'verify', '--mask')).toBe('--mask: not an option of verify (see gridcase --help)')
    expect(refused('audit', 'export', '--format', 'csv', '--json')).toBe('--json: not an option of export (see gridcase --help)')
    expect(refused('audit', 'rebuild', '--mask', '--stream', 'x')).toBe('--mask, --stream: not an option of rebuild (see gridcase --help)')
    expect(refused('audit', 'verify', '--public-key', 'k.pem')).toContain('--public-key goes with --receipt')
    // --stream with --receipt places the case's events under the receipt (the whole log checked): taken, with the tolerance
    // of the times read along that log; --clock-tolerance with --stream alone is still refused.
    expect(refused('audit', 'verify', '--receipt', 'r.json', '--public-key', 'k.pem', '--stream', 'complaint-1', '--clock-tolerance', '5')).toBe('accepted')
    expect(refused('audit', 'verify', '--stream', 'complaint-1', '--clock-tolerance', '5')).toContain('--clock-tolerance and --stream')
    expect(refused('audit', 'history', 'c1', '--version', '1', '--as-of', '2026-01-01T00:00:00Z')).toContain('--version and --as-of')
    expect(refused('audit', 'export', '--format', 'ndjson', '--sealed', '--mask')).toContain('--sealed and --mask')
    // What each command reads is still taken.
    expect(refused('audit', 'history', 'c1', '--version', '1', '--mask', '--json')).toBe('accepted')
    expect(refused('audit', 'export', '--format', 'ndjson', '--sealed', '--from', '3')).toBe('accepted')
  })
})
