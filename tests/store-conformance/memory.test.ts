import { memoryEventStore } from '@gridcase/adapters'
import { eventStoreConformance } from './suite.js'

eventStoreConformance('memory', async () => {
  const store = memoryEventStore()
  return { store, teardown: () => store.close() }
})
