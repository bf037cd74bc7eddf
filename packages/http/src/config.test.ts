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

  it('selects EventStoreDB when ESDB_CONNECTION_STRING is set', () => {
    expect(readConfig({ ESDB_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' })).toMatchObject({ right: { esdbConnectionString: 'esdb://localhost:2113?tls=false' } })
  })
  it('takes DATABASE_URL (PostgreSQL) and its schema, refuses a malformed one, and refuses two event stores at once', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://gridcase@db:5432/gridcase' })).toMatchObject({ right: { databaseUrl: 'postgres://gridcase@db:5432/gridcase', databaseSchema: 'gridcase' } })
    expect(readConfig({ DATABASE_URL: 'postgresql://db/x', DATABASE_SCHEMA: 'district_7' })).toMatchObject({ right: { databaseSchema: 'district_7' } })
    expect(readConfig({ DATABASE_URL: 'mysql://db/x' })).toMatchObject({ left: { errors: [{ path: 'DATABASE_URL' }] } })
    expect(readConfig({ DATABASE_URL: 'postgres://db/x', DATABASE_SCHEMA: 'Robert"; DROP' })).toMatchObject({ left: { errors: [{ path: 'DATABASE_SCHEMA' }] } })
    expect(readConfig({ DATABASE_URL: 'postgres://db/x', ESDB_CONNECTION_STRING: 'esdb://localhost:2113' })._tag).toBe('Left')
  })
})
