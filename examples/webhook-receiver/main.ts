// A receiver of gridcase's outbound webhooks: verifies every delivery's Standard Webhooks signature with the same
// library gridcase signs with (`standardwebhooks`), rejects a bad or stale one (401), and handles each webhook-id once
// (deliveries are at least once: a repeat is acknowledged, not handled again). It keeps the ids it handled in memory,
// for the example: a real receiver keeps them durably, in the same transaction as what it does with the delivery, so a
// repeat after its own restart (gridcase crashed before recording the answer) is not handled twice either. What it was
// never sent (a spell its subscription was disabled) it reads from the event log: packages/http/README.md, "What a
// receiver missed".
//
//   WEBHOOK_SECRET=whsec_… npx tsx examples/webhook-receiver/main.ts [port]      (default port 8090)
//
// The secret is the one `POST /api/v1/webhooks` answered with when the subscription was created.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { Webhook, WebhookVerificationError } from 'standardwebhooks'

/**
 * What a delivery carries (see packages/http/README.md, "Outbound webhooks"; its schema is `/openapi.json`'s webhook
 * `caseEvent`, `components.schemas.WebhookCaseEvent`).
 */
export interface Delivery {
  readonly type: string
  readonly timestamp: string
  readonly data: {
    readonly caseType: string
    readonly caseId: string
    readonly jurisdiction: string
    readonly streamId: string
    readonly version: number
    readonly position: number
    readonly eventId: string
    readonly occurredAt: string
    readonly recordedAt: string
    /** Who recorded it, masked as `data` is (only `role` in the rare thin delivery whose actor alone was too large). */
    readonly actor: { readonly id?: string; readonly role: string; readonly jurisdiction?: string }
    readonly personalData: 'full' | 'masked'
    /** The event's data; absent from a thin delivery (`thin`: its body would have been over 256 KiB), read at `href` instead. */
    readonly data?: Record<string, unknown>
    readonly thin?: true
    /** A thin delivery's case history (relative to the API's base): the event is the one at `version`. */
    readonly href?: string
    /** A thin delivery: how large the whole body would have been. */
    readonly bytes?: number
  }
}

export interface Received {
  readonly id: string
  readonly delivery: Delivery
}

export interface ReceiverOptions {
  /** The subscription's secret (`whsec_…`), or where to find it once the subscription exists. */
  readonly secret: string | (() => string | undefined)
  readonly port?: number
  readonly host?: string
  /**
   * The status to answer a verified delivery with (default 204); the `n`th request (1-based, repeats included). A
   * test makes a receiver that fails its first deliveries (or one case's) with it.
   */
  readonly status?: (id: string, n: number, delivery: Delivery) => number
  readonly log?: (line: string) => void
}

export interface Receiver {
  readonly url: string
  /** Every delivery handled, once each, in the order they arrived. */
  readonly received: Received[]
  /** Requests refused: no or a bad signature, a stale timestamp. */
  readonly rejected: { readonly reason: string }[]
  /** Every request verified, repeats and failed ones included. */
  readonly requests: () => number
  close(): Promise<void>
}

const bodyOf = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })

/** Starts the receiver on `port` (0: a free one). */
export const startReceiver = (options: ReceiverOptions): Promise<Receiver> => {
  const received: Received[] = []
  const rejected: { reason: string }[] = []
  const seen = new Set<string>()
  let requests = 0
  const log = options.log ?? (() => {})
  const secretOf = typeof options.secret === 'string' ? () => options.secret as string : options.secret
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST') return void res.writeHead(405).end()
    const raw = await bodyOf(req)
    const secret = secretOf()
    let delivery: Delivery
    try {
      if (secret === undefined) throw new WebhookVerificationError('no secret yet')
      // Verifies webhook-signature over `webhook-id.webhook-timestamp.body` and that the timestamp is within 5 minutes.
      delivery = new Webhook(secret).verify(raw, req.headers as Record<string, string>) as Delivery
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      rejected.push({ reason })
      log(`rejected: ${reason}`)
      return void res.writeHead(401, { 'content-type': 'text/plain' }).end('bad signature\n')
    }
    requests += 1
    const id = String(req.headers['webhook-id'])
    const status = options.status?.(id, requests, delivery) ?? 204
    if (status >= 200 && status < 300 && !seen.has(id)) {
      seen.add(id)
      received.push({ id, delivery })
      log(`${delivery.type} ${delivery.data.caseType} ${delivery.data.caseId} v${delivery.data.version}`)
    }
    res.writeHead(status).end()
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://${options.host ?? '127.0.0.1'}:${port}/webhooks`,
        received,
        rejected,
        requests: () => requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const secret = process.env['WEBHOOK_SECRET']
  if (secret === undefined || !secret.startsWith('whsec_')) {
    console.error('set WEBHOOK_SECRET to the subscription’s secret (whsec_…)')
    process.exit(2)
  }
  const receiver = await startReceiver({ secret, port: Number(process.argv[2] ?? 8090), host: '0.0.0.0', log: (line) => console.log(line) })
  console.log(`listening on ${receiver.url}`)
}
