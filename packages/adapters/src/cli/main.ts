#!/usr/bin/env node
// `gridcase` — the auditor's command line: verify, history, export, rebuild; `gridcase token` for operators; `gridcase processes` to run the processes beside the servers; `gridcase import` for cases from another platform; `gridcase evaluation` for a period's 考核 as CSV; `gridcase attachments gc` for uploads no event names.
import { runAttachmentsCli } from './attachments.js'
import { runEvaluationCli } from './evaluation.js'
import { runProcessesCli } from './processes.js'
import { runCli } from './run.js'
import { runTokenCli } from './token.js'

const io = { stdout: process.stdout, stderr: process.stderr }
process.exitCode =
  process.argv[2] === 'token'
    ? await runTokenCli(process.argv.slice(3), process.env, io)
    : process.argv[2] === 'attachments'
    ? await runAttachmentsCli(process.argv.slice(3), io)
    : process.argv[2] === 'evaluation'
    ? await runEvaluationCli(process.argv.slice(3), process.env, io)
    : process.argv[2] === 'processes'
    ? await runProcessesCli(process.argv.slice(3), io)
    : await runCli(process.argv.slice(2), io)
