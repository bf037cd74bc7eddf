import * as t from 'io-ts'

/**
 * Which claim of an identity provider's token holds each actor field. A name is a claim at the top
 * level or a dotted path into nested claims (`gov.area`); a claim holding an array gives its first
 * element. Unmapped fields use gridcase's own claim names (`role`, `jurisdiction`, …); the actor id
 * is always `sub`.
 */
export const ClaimsMapping = t.partial({ role: t.string, jurisdiction: t.string, department: t.string, track: t.string, name: t.string, court: t.string }, 'ClaimsMapping')
export type ClaimsMapping = t.TypeOf<typeof ClaimsMapping>

const FIELDS = ['role', 'jurisdiction', 'department', 'track', 'name', 'court'] as const

const at = (payload: Readonly<Record<string, unknown>>, path: string): unknown => {
  // A literal claim name with dots (common for URL-like claim names) wins over a nested path.
  if (path in payload) return payload[path]
  let value: unknown = payload
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

/** The actor's claims (`id`, `role`, `jurisdiction`, optional `department`, `track`, `name`, `court`) from a verified payload, before decoding. */
export const actorClaims = (payload: Readonly<Record<string, unknown>>, mapping: ClaimsMapping = {}): Record<string, unknown> => {
  const claims: Record<string, unknown> = { id: payload['sub'] }
  for (const field of FIELDS) {
    const raw = at(payload, mapping[field] ?? field)
    const value = Array.isArray(raw) ? raw[0] : raw
    if (value !== undefined) claims[field] = value
  }
  return claims
}
