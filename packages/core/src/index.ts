// @gridcase/core — the pure domain: deciders, codecs, errors, the store port, the command handler.
export * from './kernel/index.js'
export * from './access/index.js'
export * from './calendar/index.js'
