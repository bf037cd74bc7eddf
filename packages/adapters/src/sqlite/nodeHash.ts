import { createHash } from 'node:crypto'
import type { HashFn } from '@gridcase/core'

/** SHA-256 hex of a UTF-8 string with Node's crypto: same digests as core's `sha256Hex`, several times faster. */
export const nodeSha256Hex: HashFn = (input) => createHash('sha256').update(input, 'utf8').digest('hex')
