import { verifyStream } from '@gridcase/core'
import { expect } from 'vitest'
import { appendOk, essence, newStreamId, numbered, ofStreams, subscription } from '../fixtures.js'
import type { SuiteContext } from '../suite.js'

/** subscribe: catch up from a position, stay live, resume from a checkpoint, also after a restart. */
export const subscribeFeatures = ({ store, test, reopen }: SuiteContext): void => {
  test('a subscription catches up, then delivers new events live', async () => {
    const a = newStreamId()
    const b = newStreamId()
    const before = await appendOk(store(), a, numbered(3, 0, 'a'), 'no-stream')
    const sub = subscription(store(), before.events[0]?.position ?? 0)
    try {
      expect((await sub.take(3, [a, b])).map(essence)).toEqual(before.events.map(essence))
      const live1 = await appendOk(store(), b, numbered(2, 0, 'b'), 'no-stream')
      const live2 = await appendOk(store(), a, numbered(1, 3, 'a'), 2)
      expect((await sub.take(3, [a, b])).map(essence)).toEqual([...live1.events, ...live2.events].map(essence))
    } finally {
      await sub.stop()
    }
  })

  test('a subscription waiting for events is woken by the next append', async () => {
    const id = newStreamId()
    const first = await appendOk(store(), id, numbered(1))
    const sub = subscription(store(), first.lastPosition + 1)
    try {
      const pending = sub.take(1, [id])
      const next = await appendOk(store(), id, numbered(1, 1), 0)
      expect((await pending).map(essence)).toEqual(next.events.map(essence))
    } finally {
      await sub.stop()
    }
  })

  test('aborting the signal ends a subscription that is waiting for events', async () => {
    const id = newStreamId()
    const written = await appendOk(store(), id, numbered(2))
    const controller = new AbortController()
    const iterator = store().subscribe({ fromPosition: written.lastPosition + 1, signal: controller.signal })[Symbol.asyncIterator]()
    const pending = iterator.next()
    controller.abort()
    // Whatever was already buffered may still come; then the iterator must finish.
    let next = await pending
    for (let drained = 0; next.done !== true && drained < 100; drained += 1) next = await iterator.next()
    expect(next.done).toBe(true)
  })

  test('a subscription resumes from its checkpoint + 1 without loss or repeat', async () => {
    const id = newStreamId()
    const written = (await appendOk(store(), id, numbered(5), 'no-stream')).events
    const first = subscription(store(), written[0]?.position ?? 0)
    const seen = await first.take(2, [id]).finally(() => first.stop())
    const checkpoint = seen.at(-1)?.position ?? -1
    const more = (await appendOk(store(), id, numbered(2, 5), 4)).events
    const resumed = subscription(store(), checkpoint + 1)
    try {
      const rest = await resumed.take(5, [id])
      expect([...seen, ...rest].map(essence)).toEqual([...written, ...more].map(essence))
    } finally {
      await resumed.stop()
    }
  })

  test('after a restart the data is intact and a subscription resumes from its checkpoint', async (context) => {
    const id = newStreamId()
    const written = (await appendOk(store(), id, numbered(4), 'no-stream')).events
    const first = subscription(store(), written[0]?.position ?? 0)
    const seen = await first.take(3, [id]).finally(() => first.stop())
    const checkpoint = seen.at(-1)?.position ?? -1
    const before = await store().readStream(id)

    const reopened = reopen()
    if (reopened === undefined) return context.skip('the store is not durable')
    const store2 = await reopened

    expect(await store2.readStream(id)).toEqual(before)
    expect(await store2.streamVersion(id)).toBe(3)
    expect(verifyStream(id, await store2.readStream(id)).ok).toBe(true)
    const more = await appendOk(store2, id, numbered(2, 4), 3)
    expect(more.events.map((e) => e.version)).toEqual([4, 5])
    expect(more.events[0]?.position).toBeGreaterThan(written.at(-1)?.position ?? Number.POSITIVE_INFINITY)
    expect(more.events[0]?.metadata.prevHash).toBe(written.at(-1)?.metadata.hash)

    const resumed = subscription(store2, checkpoint + 1)
    try {
      const rest = await resumed.take(3, [id])
      expect([...seen, ...rest].map(essence)).toEqual([...written, ...more.events].map(essence))
    } finally {
      await resumed.stop()
    }
    expect(ofStreams(await store2.readAll({ fromPosition: written[0]?.position ?? 0 }), [id]).map(essence)).toEqual(
      [...written, ...more.events].map(essence),
    )
  })
}
