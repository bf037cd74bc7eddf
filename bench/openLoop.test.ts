import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { openLoop, quantile } from './openLoop.js'

// The server under load runs on a worker thread, so its stalls do not stall the generator.
const SERVER = `
const { createServer } = require('node:http')
const { parentPort, workerData } = require('node:worker_threads')
let n = 0
const server = createServer((req, res) => {
  n += 1
  if (n === workerData.stallAt) { const until = Date.now() + workerData.stallMs; while (Date.now() < until) {} }
  res.statusCode = n % workerData.failEvery === 0 ? 500 : 200
  res.end('{}')
}).listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port))
parentPort.on('message', () => server.close(() => process.exit(0)))
`

let worker: Worker | undefined
afterEach(async () => {
  const running = worker
  worker = undefined
  if (running === undefined) return
  const exited = new Promise((resolve) => running.once('exit', resolve))
  running.postMessage('stop')
  await exited
})

const startServer = async (options: { stallAt: number; stallMs: number; failEvery: number }): Promise<string> => {
  worker = new Worker(SERVER, { eval: true, workerData: options })
  const port = await new Promise<number>((resolve) => worker?.once('message', resolve))
  return `http://127.0.0.1:${port}`
}

describe('quantile', () => {
  it('is the nearest-rank value', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(quantile(sorted, 0.5)).toBe(50)
    expect(quantile(sorted, 0.99)).toBe(99)
    expect(quantile(sorted, 1)).toBe(100)
    expect(quantile([7], 0.999)).toBe(7)
    expect(quantile([], 0.5)).toBeNaN()
  })
})

describe('openLoop', () => {
  it('keeps sending while the server stalls, and counts each wait from when the request was due', async () => {
    // 200 requests/s; the 100th request (after the 40-request warm-up) blocks the server for 300 ms.
    const url = await startServer({ stallAt: 100, stallMs: 300, failEvery: Number.MAX_SAFE_INTEGER })
    const result = await openLoop({ url, rate: 200, seconds: 1.5, warmupSeconds: 0.2, request: () => ({ method: 'GET', path: '/', headers: {} }) })
    expect(result.sent).toBe(300)
    expect(result.ok).toBe(300)
    // A closed loop would record one slow request; every request due during the stall waited (~60 of them).
    expect(result.latency.max).toBeGreaterThanOrEqual(290)
    expect(result.latency.p90).toBeGreaterThan(20)
    expect(result.achievedRate).toBeGreaterThan(100)
    expect(result.achievedRate).toBeLessThan(260)
  })

  it('counts answers that are not 2xx apart', async () => {
    const url = await startServer({ stallAt: -1, stallMs: 0, failEvery: 10 })
    const result = await openLoop({ url, rate: 200, seconds: 0.5, warmupSeconds: 0, request: () => ({ method: 'GET', path: '/', headers: {} }) })
    expect(result.sent).toBe(100)
    expect(result.ok + result.non2xx).toBe(100)
    expect(result.non2xx).toBe(10)
    expect(result.errors).toBe(0)
  })

  it('calls onMeasuring once, after the last warm-up request is asked for and before the first measured one', async () => {
    const url = await startServer({ stallAt: -1, stallMs: 0, failEvery: Number.MAX_SAFE_INTEGER })
    const asked: number[] = []
    const calls: number[] = []
    // 200/s: 0.1 s of warm-up is 20 requests (0 to 19), 0.2 s measured is 40 more.
    const result = await openLoop({
      url,
      rate: 200,
      seconds: 0.2,
      warmupSeconds: 0.1,
      request: (i) => {
        asked.push(i)
        return { method: 'GET', path: '/', headers: {} }
      },
      onMeasuring: () => calls.push(asked.length),
    })
    expect(result.sent).toBe(40)
    expect(asked).toHaveLength(60)
    expect(calls).toEqual([20])
  })

  it('calls onAnswered once for each measured request (never a warm-up one), with its due time before its answer', async () => {
    const url = await startServer({ stallAt: -1, stallMs: 0, failEvery: Number.MAX_SAFE_INTEGER })
    const answered: { i: number; due: number; at: number }[] = []
    // 200/s: 0.1 s of warm-up is requests 0 to 19; 0.2 s measured is 20 to 59.
    const result = await openLoop({
      url,
      rate: 200,
      seconds: 0.2,
      warmupSeconds: 0.1,
      request: () => ({ method: 'GET', path: '/', headers: {} }),
      onAnswered: (i, due, at) => answered.push({ i, due, at }),
    })
    expect(result.sent).toBe(40)
    expect(answered.map((a) => a.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, k) => 20 + k))
    for (const a of answered) expect(a.at).toBeGreaterThanOrEqual(a.due)
  })
})
