export { CREATE, decodeCommand, execute, type AttachmentNaming, type ExecuteOptions } from './execute.js'
export { MAX_DEPTH, nestedDeeperThan, unknownFields } from './shape.js'
export { canSee, hidden } from './visibility.js'
export { unencodableText } from './wellFormed.js'
