#!/usr/bin/env node
// `gridcase` — the auditor's command line: verify, history, export, rebuild; and `gridcase token` for operators.
import { runCli } from './run.js'
import { runTokenCli } from './token.js'

const io = { stdout: process.stdout, stderr: process.stderr }
process.exitCode = process.argv[2] === 'token' ? await runTokenCli(process.argv.slice(3), process.env, io) : await runCli(process.argv.slice(2), io)
