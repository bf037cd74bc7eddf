// Versions as HTTP sees them: weak ETags (`W/"3"`), read from If-Match and written on every case response.

/** Parses an HTTP weak ETag (`W/"3"`) or a bare number into a version. */
export const parseETagVersion = (etag: string): number | undefined => {
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(etag.trim())
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/** Formats a stream version as a weak ETag. */
export const toETag = (version: number): string => `W/"${version}"`
