// Versions as HTTP sees them: weak ETags (`W/"3"`), read from If-Match and written on every case response. A view
// with personal data masked carries its class after the version (`W/"3-m"`, HTTP.md "ETags and caching"): the same
// version read by readers who see it differently has different ETags; If-Match reads the version from either form.

/** Parses an HTTP weak ETag (`W/"3"`, or a view's `W/"3-m"`) or a bare number into a version. */
export const parseETagVersion = (etag: string): number | undefined => {
  const match = /^(?:W\/)?"?(\d+)(?:-[a-z0-9.]{1,40})?"?$/.exec(etag.trim())
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/**
 * Formats a stream version as a weak ETag; `view` (a `viewClass`, '' the full view) after a dash when there is one, and
 * `erasures` (the key store's count of erasures so far) as `e<n>` after it when there were any: an erasure is written on
 * its own stream, so the case's version does not move, and a view read before it must not be current after it (found in
 * review: `If-None-Match` with the old ETag answered 304 — "your copy, name and phone in it, is still current").
 * Erasures are rare: every view's ETag moving at one costs a re-read each.
 */
export const toETag = (version: number, view = '', erasures = 0): string => {
  const tag = erasures === 0 ? view : view === '' ? `e${erasures}` : `${view}.e${erasures}`
  return tag === '' ? `W/"${version}"` : `W/"${version}-${tag}"`
}

/** A sealed store's erasure count, as a function (core's `SealedParts.erasures`); undefined for a store that seals nothing. */
export const erasureCounter = (store: object): (() => number) | undefined => {
  const erasures = (store as { readonly erasures?: unknown }).erasures
  return typeof erasures === 'function' ? () => Number((erasures as () => number).call(store)) : undefined
}

/** The store's erasure count now (a sealed store's key store), 0 for a store that seals nothing. */
export const erasuresOf = (store: object): number => erasureCounter(store)?.() ?? 0

/** Answers that carry personal data are the reader's alone and kept by no cache (a browser shared by two logins). */
export const PRIVATE_NO_STORE = 'private, no-store'
