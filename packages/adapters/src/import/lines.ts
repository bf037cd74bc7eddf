import { createReadStream } from 'node:fs'

/**
 * The lines of a file as bytes (without `\n` or `\r\n`), not yet decoded: decoding a stream as UTF-8 puts U+FFFD in
 * place of a bad byte, and the line would be imported with it; the importer checks each line and names the bad one.
 */
export async function* fileLines(path: string): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0)
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let bytes = rest.length === 0 ? chunk : Buffer.concat([rest, chunk])
    for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a)) {
      yield withoutCr(bytes.subarray(0, end))
      bytes = bytes.subarray(end + 1)
    }
    rest = bytes
  }
  if (rest.length > 0) yield withoutCr(rest)
}

const withoutCr = (line: Buffer): Buffer => (line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line)
