import pg from 'pg'
import type { Notifier } from '../subscription.js'

/**
 * LISTENs on the log's channel on a connection of its own and wakes subscribers at every commit any
 * server makes. While the connection is down (the server restarted, the network failed) it reconnects
 * every `retryMs`; subscriptions meanwhile find new events by polling, and a reconnect wakes them once,
 * so nothing committed while it was down waits for the next poll.
 */
export const pgListener = (config: pg.ClientConfig, channel: string, wake: Notifier, retryMs = 1_000) => {
  let client: pg.Client | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const connect = async (): Promise<void> => {
    if (closed) return
    const candidate = new pg.Client(config)
    let gone = false
    const lost = () => {
      if (gone) return
      gone = true
      if (client === candidate) client = undefined
      candidate.removeAllListeners('notification')
      void candidate.end().catch(() => undefined)
      schedule()
    }
    candidate.on('error', lost)
    candidate.on('end', lost)
    candidate.on('notification', () => wake.notify())
    try {
      await candidate.connect()
      await candidate.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
    } catch {
      candidate.removeAllListeners()
      candidate.on('error', () => undefined)
      void candidate.end().catch(() => undefined)
      schedule()
      return
    }
    if (closed) {
      void candidate.end().catch(() => undefined)
      return
    }
    client = candidate
    wake.notify()
  }

  const schedule = (): void => {
    if (closed || timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      void connect()
    }, retryMs)
    timer.unref?.()
  }

  let started = false
  return {
    /** Connects on first use: a store nobody subscribes to holds no extra connection. */
    start: (): void => {
      if (started) return
      started = true
      void connect()
    },
    close: async (): Promise<void> => {
      closed = true
      if (timer !== undefined) clearTimeout(timer)
      const current = client
      client = undefined
      if (current !== undefined) {
        current.removeAllListeners()
        current.on('error', () => undefined)
        await current.end().catch(() => undefined)
      }
    },
  }
}
