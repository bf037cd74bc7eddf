#!/usr/bin/env node
// Committed shim so npm can link an executable before `tsc -b` has built dist/.
await import('../dist/cli/main.js')
