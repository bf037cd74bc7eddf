export {
  ATTACHMENT_KINDS,
  AttachmentKindCodec,
  AttachmentRef,
  Attachments,
  MAX_ATTACHMENTS,
  IDENTITY_DOCUMENT_KINDS,
  PERSONAL_DOCUMENT_KINDS,
  Sha256Hex,
  attachmentRefsOf,
  bareHashKindOf,
  maySeeKind,
  protectionOf,
  type AttachmentKind,
  type FoundRef,
} from './refs.js'
export { sniffContentType, ATTACHMENT_TYPES, SNIFF_BYTES, type AttachmentType } from './sniff.js'
