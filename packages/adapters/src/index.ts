// @gridcase/adapters — event stores, projection runner, clock and ids.
export { manualClock, systemClock, type Clock } from './clock.js'
export { isUuid, newId, stableId } from './ids.js'
export { notifier, pollingSubscription, type Notifier } from './subscription.js'
export { memoryEventStore, type MemoryStoreOptions } from './memory/store.js'
