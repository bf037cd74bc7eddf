// Versions as HTTP sees them: weak ETags (`W/"3"`), read from If-Match and written on every case response. A view
// with personal data masked carries its class after the version (`W/"3-m"`, HTTP.md "ETags and caching"): the same
// version read by readers who see it differently has different ETags; If-Match reads the version from either form.

/** Parses an HTTP weak ETag (`W/"3"`, or a view's `W/"3-m"`) or a bare number into a version. */
export const parseETagVersion = (etag: string): number | undefined => {
  const match = /^(?:W\/)?"?(\d+)(?:-[a-z0-9.]{1,40})?"?$/.exec(etag.trim())
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/** Formats a stream version as a weak ETag; `view` (a `viewClass`, '' the full view) after a dash when there is one. */
export const toETag = (version: number, view = ''): string => (view === '' ? `W/"${version}"` : `W/"${version}-${view}"`)

/** Answers that carry personal data are the reader's alone and kept by no cache (a browser shared by two logins). */
export const PRIVATE_NO_STORE = 'private, no-store'
