#!/usr/bin/env node
// `gridcase` — the auditor's command line: verify, history, export, rebuild; `gridcase token` for operators; `gridcase processes` to run the processes beside the servers; `gridcase import` for cases from another platform; `gridcase evaluation` for a period's 考核 as CSV; `gridcase attachments gc` for uploads no event names.
// Each command's module is imported when it is the one asked for: a run loads what its command needs, not every
// command's drivers (pg, jose, the webhooks' and the processes' parts); tests/cli-lazy-loading.test.ts holds it.
const io = { stdout: process.stdout, stderr: process.stderr }
/** Each command answers its own errors with a line and an exit code; anything else is said in one line too, exit 3 (failure), not as a stack trace. */
const failed = (error: unknown): number => {
  process.stderr.write(`gridcase: ${error instanceof Error ? error.message : String(error)}\n`)
  return 3
}
const run = async (argv: readonly string[]): Promise<number> => {
  switch (argv[0]) {
    case 'token':
      return (await import('./token.js')).runTokenCli(argv.slice(1), process.env, io)
    case 'attachments':
      return (await import('./attachments.js')).runAttachmentsCli(argv.slice(1), io)
    case 'evaluation':
      return (await import('./evaluation.js')).runEvaluationCli(argv.slice(1), process.env, io)
    case 'processes':
      return (await import('./processes.js')).runProcessesCli(argv.slice(1), io)
    default:
      return (await import('./run.js')).runCli(argv, io)
  }
}
process.exitCode = await run(process.argv.slice(2)).catch(failed)
