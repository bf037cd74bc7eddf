// @gridcase/adapters — event stores, projection runner, clock and ids.
export { manualClock, systemClock, type Clock } from './clock.js'
export { isUuid, newId, stableId } from './ids.js'
export { notifier, pollingSubscription, type Notifier } from './subscription.js'
export { memoryEventStore, type MemoryStoreOptions } from './memory/store.js'
export { sqliteEventStore, type SqliteStoreOptions } from './sqlite/store.js'
export { sqliteCheckpoints, type SqliteCheckpoints } from './sqlite/checkpoints.js'
export { nodeSha256Hex } from './sqlite/nodeHash.js'
export type { SqliteSynchronous } from './sqlite/open.js'
