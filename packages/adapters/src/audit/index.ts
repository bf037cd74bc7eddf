export { csvField, csvRow, parseCsv } from './csv.js'
export { CSV_COLUMNS, csvFields, exportLog, ndjsonLine, type ExportFormat, type ExportOptions } from './export.js'
export { readCsv, readNdjson } from './read.js'
export { verifyStore, verifyStoreStream, type VerifyOptions } from './verify.js'
