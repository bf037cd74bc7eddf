// @gridcase/core — the pure domain: deciders, codecs, errors, the store port, the command handler.
export * from './kernel/index.js'
export * from './access/index.js'
export * from './calendar/index.js'
export * from './audit/index.js'
export * from './privacy/index.js'
export * from './projections/index.js'
export * from './complaint/index.js'
