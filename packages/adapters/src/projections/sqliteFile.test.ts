import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { sqliteReadModelFile } from './sqliteFile.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-rmfile-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const SECRET = '110105194912310021'

it('a row rewritten without a value, or deleted, leaves no byte of the value in the file (an erased person in the case list)', () => {
  const path = join(dir, 'read-models.sqlite')
  const first = sqliteReadModelFile(path)
  first.db.exec('CREATE TABLE cases (id TEXT PRIMARY KEY, state TEXT NOT NULL)')
  const put = first.db.prepare<[string, string]>('INSERT INTO cases (id, state) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state')
  for (let i = 0; i < 20; i += 1) put.run(`c${i}`, JSON.stringify({ complainant: { name: '欧阳淑芬', idNumber: `${SECRET}-${i}` }, notes: 'x'.repeat(100 + i) }))
  // In the file itself, not only its WAL: as a server's read models are after a restart.
  first.close()
  expect(readFileSync(path).includes(Buffer.from(SECRET))).toBe(true)
  const second = sqliteReadModelFile(path)
  const update = second.db.prepare<[string, string]>('UPDATE cases SET state = ? WHERE id = ?')
  for (let i = 0; i < 10; i += 1) update.run(JSON.stringify({ complainant: { name: 'erased', idNumber: 'erased' } }), `c${i}`)
  second.db.exec("DELETE FROM cases WHERE id >= 'c10'")
  second.close()
  expect(readFileSync(path).includes(Buffer.from(SECRET))).toBe(false)
  expect(readFileSync(path).includes(Buffer.from('欧阳淑芬'))).toBe(false)
})
