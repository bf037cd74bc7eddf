// @gridcase/core — the kernel: the decider contract and its spec, commands and events, errors, codecs,
// expected versions, the store port, hashing, upcasting, the command handler and CaseType.
// Listed name by name on purpose (src/index.test.ts holds the list): the rest of core is reached through
// subpaths — @gridcase/core/complaint, /dispute, /access, /calendar, /audit, /privacy, /projections, /processes.
export { fold, type Decider } from './kernel/decider.js'
export { deciderSpec, isDeciderSpecError, type DeciderSpec, type DeciderSpecError, type DecisionSpec } from './kernel/deciderSpec.js'
export {
  concurrencyConflict,
  deadlinePassed,
  forbidden,
  invalidTransition,
  isConcurrencyConflict,
  isDomainError,
  notFound,
  validationError,
  type ConcurrencyConflict,
  type DomainError,
  type DomainErrorCode,
  type FieldError,
} from './kernel/errors.js'
export {
  ANY,
  matchesExpectedVersion,
  NO_STREAM,
  parseETagVersion,
  STREAM_EXISTS,
  toETag,
  type ExpectedVersion,
  type StreamVersion,
} from './kernel/expectedVersion.js'
export { decode, fieldErrors, refinedString, text } from './kernel/codec.js'
export { CommandMeta, IsoTimestamp, type Command, type DomainEvent } from './kernel/meta.js'
export type { EventMetadata, NewEvent, RecordedEvent } from './kernel/envelope.js'
export type { AbortSignalLike, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from './kernel/store.js'
export { currentVersion, emptySchema, upcast, type EventSchema, type Upcaster } from './kernel/upcast.js'
export {
  canonicalJson,
  eventHash,
  genesisHash,
  sealEvents,
  sha256Hex,
  verifyStream,
  type BrokenLink,
  type HashFn,
  type HashedEnvelope,
  type SealInput,
  type StreamVerification,
} from './kernel/hash.js'
export { handle, load, streamMemory, type HandleOptions, type HandleResult, type RememberedStream, type StreamMemory } from './kernel/handler.js'
export { caseIdOf, commandSpec, streamIdOf, type CaseType, type CommandSpec } from './kernel/caseType.js'
export { CREATE, execute } from './kernel/execute.js'
