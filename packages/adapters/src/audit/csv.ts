/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; lines end with CRLF. */

const needsQuotes = /[",\r\n]|^\s|\s$/

/** One field, quoted when it must be. */
export const csvField = (value: string): string => (needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/** One record, with its line ending. */
export const csvRow = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`

/** Parses CSV text into records (a leading UTF-8 BOM is skipped). Rejects an unterminated quoted field. */
export const parseCsv = (text: string): string[][] => {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let quoted = false
  let fieldStarted = false
  while (i < text.length) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i += 2
      } else if (ch === '"') {
        quoted = false
        i += 1
      } else {
        field += ch
        i += 1
      }
      continue
    }
    if (ch === '"' && field === '') {
      quoted = true
      fieldStarted = true
      i += 1
    } else if (ch === ',') {
      record.push(field)
      field = ''
      fieldStarted = true
      i += 1
    } else if (ch === '\r' || ch === '\n') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      fieldStarted = false
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
    } else {
      field += ch
      fieldStarted = true
      i += 1
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field')
  if (fieldStarted || field !== '' || record.length > 0) {
    record.push(field)
    records.push(record)
  }
  return records
}
