import type { Actor } from '@gridcase/core/access'
import { expect } from 'vitest'
import type { TestServer } from './server.js'

/** The live feed (`text/event-stream`) from the start of the log as `actor` reads it, until the log's latest event has come. */
export const liveFeedToLatest = async (s: TestServer, actor: Actor): Promise<string> => {
  const last = (await s.store.readAll()).at(-1)?.position ?? 0
  const controller = new AbortController()
  try {
    const res = await fetch(`${s.url}/api/v1/events?from=0`, { headers: { authorization: `Bearer ${await s.token(actor)}`, accept: 'text/event-stream' }, signal: controller.signal })
    expect(res.status).toBe(200)
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    let text = ''
    while (!text.includes(`id: ${last}\n`)) {
      const chunk = await reader.read()
      if (chunk.done) break
      text += new TextDecoder().decode(chunk.value)
    }
    return text
  } finally {
    controller.abort()
  }
}
