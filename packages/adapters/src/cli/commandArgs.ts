import { parseArgs, type ParseArgsConfig } from 'node:util'

type Options = NonNullable<ParseArgsConfig['options']>
type WithHelp<O extends Options> = O & { readonly help: { readonly type: 'boolean'; readonly short: 'h' } }

/** What `commandArgs` read: the values of `options` (and `help`) and the positionals. */
export type CommandArgs<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: WithHelp<O> }>>

/**
 * A command's argv read strictly with `options` and `-h, --help` (positionals allowed): what it holds, or the exit code
 * once answered — 0 after the usage on `out` for --help; 2 after `<prefix>: <what is wrong>` and the usage on `err` for
 * an unknown option, a missing value or a value where none goes.
 */
export const commandArgs = <O extends Options>(
  argv: readonly string[],
  options: O,
  command: { readonly prefix: string; readonly usage: string },
  out: (text: string) => unknown,
  err: (text: string) => unknown,
): CommandArgs<O> | number => {
  let parsed: CommandArgs<O>
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { ...options, help: { type: 'boolean', short: 'h' } } as WithHelp<O> })
  } catch (error) {
    err(`${command.prefix}: ${error instanceof Error ? error.message : String(error)}\n\n${command.usage}\n`)
    return 2
  }
  if ((parsed.values as { readonly help?: boolean }).help === true) {
    out(`${command.usage}\n`)
    return 0
  }
  return parsed
}
