// The real server bin (`npm start`) as a child process, so a test can read its memory (RSS) and its output.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

export const SERVER_JS = fileURLToPath(new URL('../../../packages/http/dist/bin/server.js', import.meta.url))

export interface ChildServer {
  readonly url: string
  readonly port: number
  readonly child: ChildProcess
  /** Everything it printed so far. */
  output(): string
  /** Resident set size in bytes (Linux /proc). */
  rss(): number
  stop(): Promise<void>
}

/** Starts `node packages/http/dist/bin/server.js args…` with `env` and resolves when it listens. */
export const startChild = (env: Record<string, string>, args: readonly string[] = [], nodeArgs: readonly string[] = []): Promise<ChildServer> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, SERVER_JS, ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/[^\s]+:(\d+))/.exec(out)
      if (match?.[1] !== undefined) {
        child.stdout?.off('data', onData)
        child.stdout?.on('data', (more: Buffer) => (out += more.toString()))
        resolve({
          url: match[1],
          port: Number(match[2]),
          child,
          output: () => out,
          rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done()
              child.once('exit', () => done())
              child.kill('SIGTERM')
            }),
        })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
  })

/** Runs the bin until it exits (for configurations it must refuse); its exit code and output. */
export const runChild = (env: Record<string, string>, args: readonly string[] = []): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER_JS, ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.once('exit', (code) => resolve({ code, output: out }))
  })

/** A raw live-feed client: the request is sent, the first chunk (status line) awaited; the caller decides whether to read on. */
export interface LiveClient {
  readonly socket: Socket
  readonly status: number
  /** Everything received while reading. */
  text(): string
  /** Bytes received. */
  bytes(): number
}

export const openLive = (port: number, token: string, path = '/api/v1/events', read = true): Promise<LiveClient> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    let bytes = 0
    let status = 0
    socket.on('error', () => undefined)
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length
      if (read || status === 0) text += chunk.toString('latin1')
      if (status === 0) {
        status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? -1)
        if (!read) socket.pause()
        resolve({ socket, status, text: () => text, bytes: () => bytes })
      }
    })
    socket.once('close', () => {
      if (status === 0) reject(new Error('closed before an answer'))
    })
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`)
  })

/**
 * Calls `GET /healthz` every 10 ms until `stop()`; the latencies in ms (`stop()` rejects if one was not a 200). The probe runs on a worker thread
 * of its own, so the test's own work (hundreds of sockets) does not delay it and only the server is measured.
 */
export const probeHealth = (url: string): { stop(): Promise<number[]> } => {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads')
     const latencies = []
     let running = true
     parentPort.on('message', () => { running = false })
     ;(async () => {
       while (running) {
         const started = performance.now()
         const res = await fetch(workerData + '/healthz')
         await res.arrayBuffer()
         if (res.status !== 200) throw new Error('/healthz answered ' + res.status)
         latencies.push(performance.now() - started)
         await new Promise((r) => setTimeout(r, 10))
       }
       parentPort.postMessage(latencies)
     })()`,
    { eval: true, workerData: url },
  )
  const done = new Promise<number[]>((resolve, reject) => {
    worker.once('message', (latencies: number[]) => resolve(latencies))
    worker.once('error', reject)
  })
  return {
    stop: async () => {
      worker.postMessage('stop')
      const latencies = await done
      await worker.terminate()
      return latencies
    },
  }
}

export const p99 = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? Number.NaN
}
