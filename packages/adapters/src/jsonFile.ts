import { isUtf8 } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { unencodableText, type FieldError } from '@gridcase/core'

/**
 * A configuration file's JSON (the committee file, the jurisdiction registry), or what is wrong with it, its path
 * first: not readable, not JSON, not UTF-8 (a file saved as GBK would show U+FFFD in every name), or holding text UTF-8
 * cannot (a lone surrogate, `"\ud800"`, which no event naming it could be hashed with).
 */
export const readJsonFile = (path: string): { readonly json: unknown } | { readonly problem: FieldError } => {
  let json: unknown
  try {
    const bytes = readFileSync(path)
    if (!isUtf8(bytes)) return { problem: { path, message: 'is not valid UTF-8 (save it as UTF-8)' } }
    json = JSON.parse(bytes.toString('utf8'))
  } catch (error) {
    return { problem: { path, message: `is not a readable JSON file: ${error instanceof Error ? error.message : String(error)}` } }
  }
  const unencodable = unencodableText(json)
  return unencodable === undefined ? { json } : { problem: { path: `${path}: ${unencodable.path}`, message: unencodable.message } }
}
