/**
 * The file types an attachment may be, each known by its magic bytes, so the type a client declares must be
 * the type the content is (a PNG declared as a PDF is refused): photos (JPEG, PNG, WebP) and PDF scans.
 * Four fixed signatures, read from the first 12 bytes — a library that knows hundreds would be more to trust.
 */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number]

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b)

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0))

/** Bytes needed to tell the types apart. */
export const SNIFF_BYTES = 12

/**
 * The type the first bytes of a file show, or undefined for none of `ATTACHMENT_TYPES`. JPEG: FF D8 FF (JFIF,
 * Exif and raw alike); PNG: its 8-byte signature (RFC 2083); WebP: a RIFF container whose form is `WEBP`;
 * PDF: `%PDF-` (ISO 32000-1 §7.5.2; readers tolerate junk before it, we do not).
 */
export const sniffContentType = (head: Uint8Array): AttachmentType | undefined => {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp'
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf'
  return undefined
}
