import { describe, expect, it } from 'vitest'
import { asyncGroupCommit, groupCommit } from './groupCommit.js'

/** A commit that records its groups and finishes only when the test says so. */
const gated = () => {
  const groups: number[][] = []
  const gates: (() => void)[] = []
  const commit = asyncGroupCommit<number, number>(async (group) => {
    groups.push([...group])
    await new Promise<void>((resolve) => gates.push(resolve))
    if (group.includes(-1)) throw new Error('the whole commit failed')
    return group.map((n) => (n === 0 ? { error: new Error('this one only') } : { ok: n * 10 }))
  })
  const openNext = async () => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve))
    gates.shift()?.()
  }
  return { commit, groups, openNext }
}

describe('asyncGroupCommit', () => {
  it('puts what arrives while a commit runs into the next commit, one group, each with its own outcome', async () => {
    const { commit, groups, openNext } = gated()
    const first = [commit.submit(1), commit.submit(2)]
    await new Promise((resolve) => setImmediate(resolve))
    const second = [commit.submit(3), commit.submit(0), commit.submit(4)]
    await openNext()
    expect(await Promise.all(first)).toEqual([10, 20])
    await openNext()
    const settled = await Promise.allSettled(second)
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : 'rejected'))).toEqual([30, 'rejected', 40])
    expect(groups).toEqual([[1, 2], [3, 0, 4]])
  })

  it('rejects every request of a failed commit and goes on with the next group', async () => {
    const { commit, groups, openNext } = gated()
    const failed = [commit.submit(-1), commit.submit(5)]
    await new Promise((resolve) => setImmediate(resolve))
    const later = commit.submit(6)
    await openNext()
    expect((await Promise.allSettled(failed)).map((s) => s.status)).toEqual(['rejected', 'rejected'])
    await openNext()
    expect(await later).toBe(60)
    await commit.idle()
    expect(groups).toEqual([[-1, 5], [6]])
  })
})

describe('groupCommit', () => {
  it('commits what is submitted in one loop turn as one group, each request with its own outcome', async () => {
    const groups: number[][] = []
    const commit = groupCommit<number, number>((group) => {
      groups.push([...group])
      return group.map((n) => (n === 0 ? { error: new Error('this one only') } : { ok: n * 10 }))
    })
    const first = [commit.submit(1), commit.submit(0), commit.submit(2)]
    const settled = await Promise.allSettled(first)
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : 'rejected'))).toEqual([10, 'rejected', 20])
    expect(await commit.submit(3)).toBe(30)
    expect(groups).toEqual([[1, 0, 2], [3]])
  })

  it('rejects every request of a commit that throws, and of one that returns too few outcomes', async () => {
    const throwing = groupCommit<number, number>(() => {
      throw new Error('the whole commit failed')
    })
    expect((await Promise.allSettled([throwing.submit(1), throwing.submit(2)])).map((s) => s.status)).toEqual(['rejected', 'rejected'])
    const short = groupCommit<number, number>((group) => group.slice(1).map((n) => ({ ok: n })))
    expect((await Promise.allSettled([short.submit(1), short.submit(2)])).map((s) => s.status)).toEqual(['fulfilled', 'rejected'])
  })
})
