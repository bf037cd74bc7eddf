// As root, file modes do not bind, so a test of an unwritable folder or a read-only file runs the program as
// `nobody` (65534). That works only where nobody may read the repository and run node (a clone under a 0700
// home does not allow it): there such a test is skipped, saying why, rather than failing for the machine's sake.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const runsAsRoot = process.getuid?.() === 0
export const NOBODY = { uid: 65534, gid: 65534 } as const

const repository = fileURLToPath(new URL('../..', import.meta.url))

/** True when `nobody` can run node and read the repository's tools (so a test may run a program as nobody). */
export const nobodyCanRunHere = (): boolean => {
  if (!runsAsRoot) return false
  const probe = `require('node:fs').accessSync(${JSON.stringify(`${repository}node_modules/.bin/tsx`)}, require('node:fs').constants.R_OK)`
  const ran = spawnSync(process.execPath, ['-e', probe], { ...NOBODY, stdio: 'ignore' })
  if (ran.status !== 0) console.warn(`skipped: running as root, and user nobody cannot read ${repository} (or run ${process.execPath}), so a read-only file cannot be tested as such here`)
  return ran.status === 0
}
