// `gridcase …` run in the test's own process (as the bin does, through `runCli`), its exit code and output collected:
// for tests that need the CLI's answer beside a server they started, without a child process.
import { runCli } from '@gridcase/adapters'
import { PassThrough } from 'node:stream'

export const cliInProcess = async (...argv: string[]): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }> => {
  const stdout = new PassThrough()
  const stderr = Object.assign(new PassThrough(), { isTTY: false })
  let out = ''
  let err = ''
  stdout.on('data', (c: Buffer) => void (out += c.toString()))
  stderr.on('data', (c: Buffer) => void (err += c.toString()))
  const code = await runCli(argv, { stdout, stderr })
  return { code, stdout: out, stderr: err }
}
