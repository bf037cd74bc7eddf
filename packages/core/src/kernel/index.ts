export { fold, type Decider } from './decider.js'
export { deciderSpec, isDeciderSpecError, type DeciderSpec, type DeciderSpecError, type DecisionSpec } from './deciderSpec.js'
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
} from './errors.js'
export {
  ANY,
  matchesExpectedVersion,
  NO_STREAM,
  STREAM_EXISTS,
  type ExpectedVersion,
  type StreamVersion,
} from './expectedVersion.js'
export { DATE_SCHEMA, decode, fieldErrors, jsonSchemaStated, refinedString, text, wholeNumber, withJsonSchema, type JsonSchema } from './codec.js'
export { oldestKey, type OldestKey } from './oldestKey.js'
export { CommandMeta, IsoTimestamp, type Command, type DomainEvent } from './meta.js'
export type { EventMetadata, NewEvent, RecordedEvent } from './envelope.js'
export { answersAtOnce, type AbortSignalLike, type AppendResult, type EventStore, type ImmediateStore, type ReadAllOptions, type ReadStreamOptions, type SubscribeOptions } from './store.js'
export { currentVersion, emptySchema, upcast, type EventSchema, type Upcaster } from './upcast.js'
export {
  canonicalJson,
  eventHash,
  genesisHash,
  sealEvents,
  sealEventsWithText,
  sealRecordedEvents,
  sha256Hex,
  verifyStream,
  type BrokenLink,
  type HashFn,
  type HashedEnvelope,
  type SealInput,
  type SealedEvent,
  type StreamVerification,
} from './hash.js'
export {
  handle,
  load,
  streamMemory,
  streamQueue,
  type HandleOptions,
  type HandleResult,
  type RememberedStream,
  type StreamMemory,
  type StreamQueue,
} from './handler.js'
export { caseIdOf, commandSpec, streamIdOf, type CaseType, type CommandCheck, type CommandSpec } from './caseType.js'
