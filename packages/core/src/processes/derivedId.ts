import { sha256Hex } from '../kernel/hash.js'

/**
 * A uuid-shaped id (RFC 9562 version 8) derived from a name: the same name always gives the same id.
 * Processes use it so that re-running them issues the same command id, and the handler applies it once.
 */
export const derivedId = (name: string): string => {
  const h = sha256Hex(name)
  const variant = ((Number.parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** The id of the command a referral event gives rise to: derived, so a re-run is recognised and not applied twice. */
export const referralCommandId = (eventId: string): string => derivedId(`gridcase:referral:${eventId}`)
