import { describe, expect, it } from 'vitest'
import { sniffContentType } from './sniff.js'

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)))

describe('sniffContentType: the type the first bytes show', () => {
  it('knows JPEG (JFIF and Exif), PNG, WebP and PDF by their signatures', () => {
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('image/jpeg')
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif'))).toBe('image/jpeg')
    expect(sniffContentType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe('image/png')
    expect(sniffContentType(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp')
    expect(sniffContentType(bytes('%PDF-1.7\n'))).toBe('application/pdf')
  })

  it('knows nothing else: a RIFF that is not WebP (a WAV), text, an executable, a truncated signature, nothing', () => {
    expect(sniffContentType(bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '))).toBeUndefined()
    expect(sniffContentType(bytes('hello world!'))).toBeUndefined()
    expect(sniffContentType(bytes('MZ', [0x90, 0]))).toBeUndefined()
    expect(sniffContentType(bytes([0x89, 0x50, 0x4e, 0x47]))).toBeUndefined()
    expect(sniffContentType(bytes('%PDF'))).toBeUndefined()
    expect(sniffContentType(new Uint8Array())).toBeUndefined()
  })
})
