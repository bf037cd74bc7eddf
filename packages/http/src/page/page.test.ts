// The page's router on a real port, without a browser: what it serves, under which policy, and that
// the script kept in a raw string is valid JavaScript (a syntax slip would otherwise show only in chromium).
import express from 'express'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Script } from 'node:vm'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ASSETS } from './html.js'
import { PAGE_CSP, pageRouter } from './index.js'
import { pageScript } from './script.js'

let server: Server
let url: string

beforeAll(async () => {
  server = express().use(pageRouter()).listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('dashboard page router', () => {
  it('serves the page with its own policy: scripts and styles from this origin only, nothing inline', async () => {
    const res = await fetch(`${url}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP)
    expect(PAGE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|upgrade-insecure-requests/)
    const html = await res.text()
    // Every <script> has a src, there is no <style> element and no inline event handler.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull()
    expect(html).not.toMatch(/<style|\son[a-z]+=/i)
  })

  it('serves every asset the page links, with the right type and the same policy', async () => {
    const html = await (await fetch(`${url}/`)).text()
    const linked = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])
    expect(linked.sort()).toEqual([ASSETS.script, ASSETS.style, ASSETS.chartScript, ASSETS.chartStyle].sort())
    for (const [path, type] of [
      [ASSETS.script, /^text\/javascript/],
      [ASSETS.style, /^text\/css/],
      [ASSETS.chartScript, /^text\/javascript/],
      [ASSETS.chartStyle, /^text\/css/],
    ] as const) {
      const res = await fetch(`${url}${path}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(type)
      expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP)
    }
  })

  it('serves uPlot from the installed npm package, not a CDN', async () => {
    const served = await (await fetch(`${url}${ASSETS.chartScript}`)).text()
    expect(served).toContain('uPlot')
    expect(served).toBe(readFileSync(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'))
    expect(await (await fetch(`${url}/`)).text()).not.toMatch(/https?:\/\//)
  })

  it('ships a script that parses as JavaScript', () => {
    expect(() => new Script(pageScript(), { filename: ASSETS.script })).not.toThrow()
  })
})
