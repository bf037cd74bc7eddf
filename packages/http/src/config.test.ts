import { describe, expect, it } from 'vitest'
import { readConfig } from './config.js'

describe('readConfig', () => {
  it('defaults to :8080, ./data, SQLite and info logs', () => {
    expect(readConfig({})).toMatchObject({ _tag: 'Right', right: { port: 8080, dataDir: './data', logLevel: 'info', production: false } })
  })

  it('commits on the SQLite writer thread with fsync at every commit unless told otherwise', () => {
    expect(readConfig({})).toMatchObject({ right: { sqliteWriter: 'thread', sqliteSynchronous: 'full' } })
    expect(readConfig({ SQLITE_WRITER: 'main', SQLITE_SYNCHRONOUS: 'normal' })).toMatchObject({ right: { sqliteWriter: 'main', sqliteSynchronous: 'normal' } })
    expect(readConfig({ SQLITE_WRITER: 'elsewhere' })._tag).toBe('Left')
  })

  it('names each bad variable', () => {
    const result = readConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', GRIDCASE_JWT_SECRET: 'short' })
    expect(result._tag).toBe('Left')
    const paths = result._tag === 'Left' && result.left.code === 'validation' ? result.left.errors.map((e) => e.path).sort() : []
    expect(paths).toEqual(['GRIDCASE_JWT_SECRET', 'LOG_LEVEL', 'PORT'])
  })

  it('requires a JWT secret in production', () => {
    expect(readConfig({ NODE_ENV: 'production' })._tag).toBe('Left')
    expect(readConfig({ NODE_ENV: 'production', GRIDCASE_JWT_SECRET: 'x'.repeat(32) })).toMatchObject({ right: { production: true } })
  })

  it('signs tree heads every 1000 events or 60 s by default, with the key from a file or the environment', () => {
    expect(readConfig({})).toMatchObject({ right: { headEveryEvents: 1000, headEverySeconds: 60 } })
    expect(readConfig({ GRIDCASE_HEAD_KEY_FILE: '/etc/gridcase/head.pem', GRIDCASE_HEAD_EVERY_EVENTS: '50', GRIDCASE_HEAD_EVERY_SECONDS: '5' })).toMatchObject({
      right: { headKeyFile: '/etc/gridcase/head.pem', headEveryEvents: 50, headEverySeconds: 5 },
    })
    const bad = readConfig({ GRIDCASE_HEAD_EVERY_EVENTS: '0', GRIDCASE_HEAD_EVERY_SECONDS: 'soon' })
    const paths = bad._tag === 'Left' && bad.left.code === 'validation' ? bad.left.errors.map((e) => e.path).sort() : []
    expect(paths).toEqual(['GRIDCASE_HEAD_EVERY_EVENTS', 'GRIDCASE_HEAD_EVERY_SECONDS'])
  })

  it('selects EventStoreDB when ESDB_CONNECTION_STRING is set', () => {
    expect(readConfig({ ESDB_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' })).toMatchObject({ right: { esdbConnectionString: 'esdb://localhost:2113?tls=false' } })
  })
})
