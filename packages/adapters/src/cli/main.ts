#!/usr/bin/env node
// `gridcase` — the auditor's command line: verify, history, export, rebuild.
import { runCli } from './run.js'

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr })
