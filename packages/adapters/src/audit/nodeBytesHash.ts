import type { BytesHash } from '@gridcase/core/audit'
import { hash } from 'node:crypto'

const nodeInput = Buffer.alloc(65)

/** SHA-256 over bytes with Node's crypto (the tree log, on the main thread or its own). */
export const nodeSha256Bytes: BytesHash = (parts) => {
  // One-shot crypto.hash over one buffer: half the cost of a Hash object fed part by part (small inputs).
  const [first, second, third] = parts
  if (parts.length === 3 && first instanceof Uint8Array && first.length === 1 && second instanceof Uint8Array && second.length === 32 && third instanceof Uint8Array && third.length === 32) {
    // An interior node (0x01 ‖ left ‖ right), one per leaf on average: written into one reused buffer, hashed at once.
    nodeInput[0] = first[0] ?? 0
    nodeInput.set(second, 1)
    nodeInput.set(third, 33)
    return hash('sha256', nodeInput, 'buffer')
  }
  if (parts.length === 2 && first instanceof Uint8Array && first.length === 1 && typeof second === 'string') {
    // A one-byte prefix below 0x80 is that same byte in UTF-8: the leaf hash without a copy of the leaf.
    return hash('sha256', `${String.fromCharCode(first[0] ?? 0)}${second}`, 'buffer')
  }
  return hash('sha256', Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part))), 'buffer')
}
