import type { EventStore } from '@gridcase/core'
import { afterEach, beforeEach, describe, it, type TestContext } from 'vitest'
import { appendFeatures } from './features/append.js'
import { concurrencyFeatures } from './features/concurrency.js'
import { globalLogFeatures } from './features/globalLog.js'
import { handlerFeatures } from './features/handler.js'
import { hashChainFeatures } from './features/hashChain.js'
import { largeStreamFeatures } from './features/largeStream.js'
import { propertyFeatures } from './features/properties.js'
import { subscribeFeatures } from './features/subscribe.js'

/**
 * What a store under test gives the suite. `open` is called before every test, `teardown` after it.
 * Every stream the suite writes has a fresh id starting with `conformance-`, so a harness may share one database.
 */
export interface StoreHarness {
  store: EventStore
  /** Close and open again on the same data (durable stores only); returns the reopened store. */
  reopen?: () => Promise<EventStore>
  /** Closes whichever store is current (the reopened one, if any) and removes what the test left. */
  teardown: () => Promise<void>
}

export interface ConformanceOptions {
  /** Writers racing on one stream (default 8). */
  parallelWriters?: number
  /** Events in the large-stream test (default 5,000). */
  largeStream?: number
  /** Names of tests this store skips, each with a reason in the caller's comment. */
  skip?: readonly string[]
}

/** What every feature file gets: the current store, the harness, and `test` which honours `skip`. */
export interface SuiteContext {
  readonly store: () => EventStore
  readonly harness: () => StoreHarness
  /** Reopens through the harness and makes the reopened store current; undefined when the store is not durable. */
  readonly reopen: () => Promise<EventStore> | undefined
  readonly options: Required<ConformanceOptions>
  readonly test: (name: string, fn: (context: TestContext) => Promise<void>, timeout?: number) => void
}

/** Registers the event store conformance suite: the same tests for every store. */
export const eventStoreConformance = (name: string, open: () => Promise<StoreHarness>, options: ConformanceOptions = {}): void => {
  const resolved: Required<ConformanceOptions> = {
    parallelWriters: options.parallelWriters ?? 8,
    largeStream: options.largeStream ?? 5_000,
    skip: options.skip ?? [],
  }
  describe(`EventStore conformance: ${name}`, () => {
    let harness: StoreHarness | undefined
    let current: EventStore | undefined

    beforeEach(async () => {
      harness = await open()
      current = harness.store
    })
    afterEach(async () => {
      await harness?.teardown()
      harness = undefined
      current = undefined
    })

    const ctx: SuiteContext = {
      store: () => {
        if (current === undefined) throw new Error('no store is open')
        return current
      },
      harness: () => {
        if (harness === undefined) throw new Error('no store is open')
        return harness
      },
      reopen: () => {
        const reopen = harness?.reopen
        if (reopen === undefined) return undefined
        return reopen().then((store) => {
          current = store
          return store
        })
      },
      options: resolved,
      test: (testName, fn, timeout) => (resolved.skip.includes(testName) ? it.skip : it)(testName, fn, timeout),
    }

    describe('append and read', () => appendFeatures(ctx))
    describe('expected versions and concurrency', () => concurrencyFeatures(ctx))
    describe('the command handler through the store', () => handlerFeatures(ctx))
    describe('the global log', () => globalLogFeatures(ctx))
    describe('the hash chain', () => hashChainFeatures(ctx))
    describe('subscriptions', () => subscribeFeatures(ctx))
    describe('large streams', () => largeStreamFeatures(ctx))
    describe('properties', () => propertyFeatures(ctx))
  })
}
