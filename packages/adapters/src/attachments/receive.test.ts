import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultUploadLimits, receiveUpload } from './receive.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'gridcase-receive-'))
  dirs.push(d)
  return d
}

describe('receiveUpload', () => {
  it('a stream that fails while the temporary file is being opened rejects the upload (an unheard error would end the process) and leaves no file', async () => {
    const dir = tempDir()
    const source = new PassThrough()
    const receiving = receiveUpload(source, 'image/png', defaultUploadLimits, dir)
    // Failed at once, before the file is open: nothing listened to the stream yet when receiving awaited `open` first.
    source.destroy(new Error('Unexpected end of form'))
    await expect(receiving).rejects.toThrow('Unexpected end of form')
    expect(readdirSync(dir)).toEqual([])
  })

  it('a stream that fails midway rejects and leaves no file', async () => {
    const dir = tempDir()
    const source = new PassThrough()
    const receiving = receiveUpload(source, 'image/png', defaultUploadLimits, dir)
    source.write(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]))
    setImmediate(() => source.destroy(new Error('cut off')))
    await expect(receiving).rejects.toThrow('cut off')
    expect(readdirSync(dir)).toEqual([])
  })
})
