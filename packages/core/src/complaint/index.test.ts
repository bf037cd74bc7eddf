import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { commandData, routes } from './commands.js'
import { complaint } from './index.js'

describe('the complaint case type', () => {
  it('serves each route with the command’s own codec, so adapters can describe its fields (OpenAPI)', () => {
    expect(Object.keys(complaint.commands).sort()).toEqual(Object.keys(routes).sort())
    for (const [route, type] of Object.entries(routes)) {
      expect(complaint.commands[route], route).toEqual({ type, data: commandData[type] })
      expect(complaint.commands[route]?.data, route).toBe(commandData[type])
    }
  })

  it('opens cases with RegisterComplaint, decoding against the configured categories', () => {
    expect([complaint.name, complaint.streamPrefix, complaint.create.type]).toEqual(['complaint', 'complaint-', 'RegisterComplaint'])
    expect(complaint.create.data.name).toBe('RegisterComplaint')
    expect(E.isLeft(complaint.create.data.decode({}))).toBe(true)
  })
})
