import { verifyStream, type EventStore, type HashFn, type RecordedEvent, type StreamVerification } from '@gridcase/core'
import { logVerifier, type LogVerification } from '@gridcase/core/audit'
import { nodeSha256Hex } from '../sqlite/nodeHash.js'

export interface VerifyOptions {
  readonly hash?: HashFn
  readonly pageSize?: number
  readonly onProgress?: (progress: { readonly position: number; readonly checked: number }) => void
  /** Each event as it is verified (another check riding on the same pass: the erasure audit's scan). */
  readonly onEvent?: (event: RecordedEvent) => void
}

/** Verifies every stream's hash chain in a store, page by page (memory bounded by the number of streams). */
export const verifyStore = async (store: EventStore, options: VerifyOptions = {}): Promise<LogVerification> => {
  const verifier = logVerifier(options.hash ?? nodeSha256Hex)
  const pageSize = options.pageSize ?? 1000
  let from = 0
  let checked = 0
  for (;;) {
    const page = await store.readAll({ fromPosition: from, limit: pageSize })
    for (const event of page) {
      verifier.push(event)
      options.onEvent?.(event)
    }
    checked += page.length
    if (page.length === 0) break
    from = (page.at(-1)?.position ?? from) + 1
    options.onProgress?.({ position: from - 1, checked })
    if (page.length < pageSize) break
  }
  return verifier.result()
}

/** Verifies one stream's chain (one case). */
export const verifyStoreStream = async (store: EventStore, streamId: string, hash: HashFn = nodeSha256Hex): Promise<StreamVerification> =>
  verifyStream(streamId, await store.readStream(streamId), hash)
