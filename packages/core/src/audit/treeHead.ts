import { utf8ToBytes } from '@noble/hashes/utils.js'
import * as t from 'io-ts'
import { canonicalJson } from '../kernel/canonicalJson.js'
import type { RecordedEvent } from '../kernel/envelope.js'
import { leafHash, sha256Bytes, type BytesHash, type Digest } from './merkle.js'

/**
 * The leaf an event puts in the log's Merkle tree: canonicalJson({ hash, position, streamId, version })
 * as UTF-8. The chain hash covers the event's whole envelope (data, actor, times, type) and, through
 * prevHash, every earlier event of its stream; streamId and version say which stream and how long it was;
 * position fixes its place in commit order. So a head over n leaves commits to every event and to each
 * stream's length at that point (one more than the highest version its leaves carry).
 */
export const logLeaf = (event: { readonly position: number; readonly streamId: string; readonly version: number }, chainHash: string): string =>
  // Written out rather than through canonicalJson: this runs for every event and the key order is fixed.
  (`{"hash":${JSON.stringify(chainHash)},"position":${event.position},"streamId":${JSON.stringify(event.streamId)},"version":${event.version}}`)

/** The leaf hash of a recorded event, from its recorded chain hash. Verifiers pass the re-computed one instead. */
export const eventLeafHash = (event: RecordedEvent, hash: BytesHash = sha256Bytes, chainHash: string = event.metadata.hash): Digest =>
  leafHash(logLeaf(event, chainHash), hash)

/** What a tree head says: the log had `treeSize` events, their Merkle root was `rootHash`, at `timestamp`. */
export interface TreeHead {
  readonly treeSize: number
  /** Hex SHA-256 MTH of the first treeSize leaves. */
  readonly rootHash: string
  /** When the server signed it (its clock, ISO 8601). */
  readonly timestamp: string
  /** Which key signed it: hex SHA-256 of the raw 32-byte Ed25519 public key. */
  readonly keyId: string
}

/** 签名树头 — a tree head with its Ed25519 signature (base64) over `treeHeadMessage(head)`: what a receipt keeps. */
export interface SignedTreeHead extends TreeHead {
  readonly signature: string
}

const Hex64 = new t.Type<string, string, unknown>(
  'Hex64',
  (u): u is string => typeof u === 'string' && /^[0-9a-f]{64}$/.test(u),
  (u, c) => (typeof u === 'string' && /^[0-9a-f]{64}$/.test(u) ? t.success(u) : t.failure(u, c, 'expected 64 lower-case hex digits')),
  t.identity,
)
const Count = new t.Type<number, number, unknown>(
  'Count',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c, 'expected a whole number of 0 or more')),
  t.identity,
)
const Base64 = new t.Type<string, string, unknown>(
  'Base64',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(u) ? t.success(u) : t.failure(u, c, 'expected base64')),
  t.identity,
)

/** The codec of a signed tree head (a receipt file, a row read back, a server's answer): outside input. */
export const SignedTreeHeadCodec = t.exact(
  t.type({ treeSize: Count, rootHash: Hex64, timestamp: t.string, keyId: Hex64, signature: Base64 }, 'SignedTreeHead'),
)

/** The exact bytes a head's signature covers (a format tag, so a signature is never valid for another purpose). */
export const treeHeadMessage = (head: TreeHead): Uint8Array =>
  utf8ToBytes(canonicalJson({ format: 'gridcase-tree-head/1', keyId: head.keyId, rootHash: head.rootHash, timestamp: head.timestamp, treeSize: head.treeSize }))
