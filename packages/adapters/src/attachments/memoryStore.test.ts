import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { memoryAttachmentStore } from './memoryStore.js'

describe('memoryAttachmentStore', () => {
  it('removes its temporary upload directory when closed, an upload left in it too (an app made without a store closes it)', async () => {
    const store = memoryAttachmentStore()
    expect(existsSync(store.tempDir)).toBe(true)
    // An upload received but never taken in (the request failed after the body was written).
    await writeFile(join(store.tempDir, 'partial-upload'), 'bytes')
    await store.close()
    expect(existsSync(store.tempDir)).toBe(false)
  })
})
