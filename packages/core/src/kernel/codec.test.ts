import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { Actor } from '../access/actor.js'
import { decode, refinedString } from './codec.js'
import { CommandMeta } from './meta.js'

const phone = refinedString('Phone', (s) => /^1[3-9]\d{9}$/.test(s), 'a mainland mobile number')
const Body = t.type({ parties: t.array(t.type({ name: t.string, phone })) })

describe('decode', () => {
  it('names the field with its path and says what was expected', () => {
    const result = decode(Body, { parties: [{ name: 'a', phone: '13800138000' }, { name: 'b', phone: '12' }] })
    expect(E.isLeft(result) && result.left).toMatchObject({
      code: 'validation',
      errors: [{ path: 'parties[1].phone', message: 'expected a mainland mobile number' }],
    })
  })

  it('reports a missing field as required', () => {
    const result = decode(Body, { parties: [{ phone: '13800138000' }] })
    expect(E.isLeft(result) && result.left.code === 'validation' && result.left.errors).toEqual([
      { path: 'parties[0].name', message: 'is required' },
    ])
  })

  it('paths through intersections without their member index', () => {
    const result = decode(CommandMeta, { commandId: 'c', at: 'yesterday', actor: { id: 'a', role: 'mayor', jurisdiction: 'X/y' } })
    const paths = E.isLeft(result) && result.left.code === 'validation' ? result.left.errors.map((e) => e.path) : []
    expect(paths.sort()).toEqual(['actor.jurisdiction', 'actor.role', 'at'])
  })

  it('accepts a well-formed actor', () => {
    expect(E.isRight(decode(Actor, { id: 'u1', role: 'mediator', track: 'people', jurisdiction: 'hohhot/saihan' }))).toBe(true)
  })
})
