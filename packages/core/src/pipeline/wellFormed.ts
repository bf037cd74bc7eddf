import type { FieldError } from '../kernel/errors.js'

/**
 * The first place in a JSON value where text cannot be stored as UTF-8: a lone surrogate (`"\ud800"`)
 * in a string or a key. JSON allows it, UTF-8 cannot encode it, and the hash chain, SQLite and every
 * reader downstream would each fail or differ in their own way.
 */
/** In unicode mode a surrogate pair is one astral code point; only a lone surrogate is `Cs`. */
const LONE_SURROGATE = /\p{Cs}/u
const wellFormed = (text: string): boolean => !LONE_SURROGATE.test(text)

export const unencodableText = (value: unknown, path = '(root)', budget = { left: 100_000 }, depth = 0): FieldError | undefined => {
  const found = findUnencodable(value, budget, depth)
  if (found === undefined) return undefined
  // The path is written only for a fault (every command is checked; almost none has one).
  let at = path
  for (let i = found.steps.length - 1; i >= 0; i -= 1) {
    const key = found.steps[i] as string | number
    at = at === '(root)' ? String(key) : typeof key === 'number' ? `${at}[${key}]` : `${at}.${key}`
  }
  return { path: at, message: found.message }
}

/** A fault and the keys leading to it, innermost first. */
interface Fault {
  readonly steps: (string | number)[]
  readonly message: string
}

const findUnencodable = (value: unknown, budget: { left: number }, depth: number): Fault | undefined => {
  // Deeper bodies are refused by the depth check of the command routes; a bounded walk keeps this one off the stack's edge.
  if ((budget.left -= 1) < 0 || depth > 64) return undefined
  if (typeof value === 'string') return wellFormed(value) ? undefined : { steps: [], message: 'contains text that is not valid Unicode (a lone surrogate)' }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findUnencodable(value[i], budget, depth + 1)
      if (found !== undefined) {
        found.steps.push(i)
        return found
      }
    }
    return undefined
  }
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      if (!wellFormed(key)) return { steps: [key.replace(/\p{Cs}/gu, '\uFFFD')], message: 'is a field name that is not valid Unicode (a lone surrogate)' }
      const found = findUnencodable((value as Record<string, unknown>)[key], budget, depth + 1)
      if (found !== undefined) {
        found.steps.push(key)
        return found
      }
    }
  }
  return undefined
}
