export {
  ATTACHMENT_KINDS,
  AttachmentKindCodec,
  AttachmentRef,
  Attachments,
  MAX_ATTACHMENTS,
  PERSONAL_DOCUMENT_KINDS,
  Sha256Hex,
  attachmentRefsOf,
  maySeeKind,
  type AttachmentKind,
  type FoundRef,
} from './refs.js'
export { sniffContentType, ATTACHMENT_TYPES, SNIFF_BYTES, type AttachmentType } from './sniff.js'
