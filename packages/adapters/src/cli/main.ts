#!/usr/bin/env node
// `gridcase` — the auditor's command line: verify, history, export, rebuild; `gridcase token` for operators; `gridcase processes` to run the processes beside the servers; `gridcase import` for cases from another platform; `gridcase evaluation` for a period's 考核 as CSV; `gridcase attachments gc` for uploads no event names.
import { runAttachmentsCli } from './attachments.js'
import { runEvaluationCli } from './evaluation.js'
import { runProcessesCli } from './processes.js'
import { runCli } from './run.js'
import { runTokenCli } from './token.js'

const io = { stdout: process.stdout, stderr: process.stderr }
/** Each command answers its own errors with a line and an exit code; anything else is said in one line too, exit 3 (failure), not as a stack trace. */
const failed = (error: unknown): number => {
  process.stderr.write(`gridcase: ${error instanceof Error ? error.message : String(error)}\n`)
  return 3
}
process.exitCode = await (
  process.argv[2] === 'token'
    ? runTokenCli(process.argv.slice(3), process.env, io)
    : process.argv[2] === 'attachments'
    ? runAttachmentsCli(process.argv.slice(3), io)
    : process.argv[2] === 'evaluation'
    ? runEvaluationCli(process.argv.slice(3), process.env, io)
    : process.argv[2] === 'processes'
    ? runProcessesCli(process.argv.slice(3), io)
    : runCli(process.argv.slice(2), io)
).catch(failed)
