// The dashboard page (一屏统览) at `/`: static HTML, one script and one stylesheet, all served by the app.
import { Router, type Request, type Response } from 'express'
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { decodeQuery } from '../edge.js'
import { problemOf, sendProblem } from '../problem.js'
import { NoQuery, PageQuery } from '../query.js'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { ASSETS, pageHtml } from './html.js'
import { pageScript } from './script.js'
import { pageCss } from './style.js'

/**
 * The page's own CSP: nothing inline, everything from this origin. It replaces the app's default
 * for these three responses because helmet's `upgrade-insecure-requests` would send the page's
 * script and stylesheet to https:// when the server is reached over plain http on a LAN address.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * The charting library (uPlot, MIT), vendored from npm: installed as a dependency of this package (pinned) and
 * served from node_modules by this app, never from a CDN. It builds its DOM with createElement and sets styles
 * through the CSSOM (no style attributes in markup, no eval), so it runs under the page's CSP as it is.
 */
const vendored = (path: string): string => readFileSync(createRequire(import.meta.url).resolve(path), 'utf8')

/** `make` run once, on the first call. */
const once = <T>(make: () => T): (() => T) => {
  let made: { readonly value: T } | undefined
  return () => (made ??= { value: make() }).value
}

/** The dashboard page's HTML (it loads `/assets/dashboard.js` and `/assets/dashboard.css`). */
export const dashboardPage = (): string => pageHtml()

/**
 * Sends the page or an asset, unless the request's query holds a parameter it does not take: 400 at
 * `query.<name>` as on the API (a misspelt `?jurisdicton=` would show the whole scope, unfiltered).
 */
const send = <A>(req: Request, res: Response, query: t.Type<A, unknown, unknown>, type: string, body: () => string): void => {
  const decoded = decodeQuery(query, req)
  if (E.isLeft(decoded)) return sendProblem(res, problemOf(decoded.left))
  res.setHeader('Content-Security-Policy', PAGE_CSP)
  // Small and versioned with the server: revalidate rather than serve a stale page after an upgrade.
  res.setHeader('Cache-Control', 'no-cache')
  res.type(type).send(body())
}

/**
 * Serves the dashboard page at `/` and its assets (its script and stylesheet, and uPlot's). The page reads its token from `?token=`
 * (moved at once into sessionStorage and out of the address) or from a form, and passes
 * `?jurisdiction=&from=&to=&asOf=&depth=` on to `GET /api/v1/dashboard`.
 */
export const pageRouter = (): Router => {
  // Each asset is made (or read from uPlot's package) on its first request and then kept: a start does not wait for them.
  const html = once(pageHtml)
  const script = once(pageScript)
  const css = once(pageCss)
  const chartScript = once(() => vendored('uplot/dist/uPlot.iife.min.js'))
  const chartCss = once(() => vendored('uplot/dist/uPlot.min.css'))
  const router = Router()
  router.get('/', (req, res) => send(req, res, PageQuery, 'html', html))
  router.get(ASSETS.script, (req, res) => send(req, res, NoQuery, 'text/javascript', script))
  router.get(ASSETS.style, (req, res) => send(req, res, NoQuery, 'css', css))
  router.get(ASSETS.chartScript, (req, res) => send(req, res, NoQuery, 'text/javascript', chartScript))
  router.get(ASSETS.chartStyle, (req, res) => send(req, res, NoQuery, 'css', chartCss))
  return router
}
