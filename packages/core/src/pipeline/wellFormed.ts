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
  // Deeper bodies are refused by the depth check of the command routes; a bounded walk keeps this one off the stack's edge.
  if ((budget.left -= 1) < 0 || depth > 64) return undefined
  const at = (key: string | number) => (path === '(root)' ? String(key) : typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`)
  if (typeof value === 'string') return wellFormed(value) ? undefined : { path, message: 'contains text that is not valid Unicode (a lone surrogate)' }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = unencodableText(value[i], at(i), budget, depth + 1)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (!wellFormed(key)) return { path: at(key.replace(/\p{Cs}/gu, '\uFFFD')), message: 'is a field name that is not valid Unicode (a lone surrogate)' }
      const found = unencodableText(inner, at(key), budget, depth + 1)
      if (found !== undefined) return found
    }
  }
  return undefined
}
