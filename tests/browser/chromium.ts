// Debian's chromium for the real-browser tests, installed on demand by scripts/ensure-chromium.sh.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
const ENSURE = fileURLToPath(new URL('../../scripts/ensure-chromium.sh', import.meta.url))

/** Installs chromium when it is missing; returns why it is still unavailable, or undefined when it is there. */
export const ensureChromium = (): string | undefined => {
  if (existsSync(CHROMIUM)) return undefined
  try {
    execFileSync('sh', [ENSURE], { stdio: 'inherit' })
  } catch (error) {
    return `scripts/ensure-chromium.sh failed: ${error instanceof Error ? error.message : String(error)}`
  }
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is still missing after scripts/ensure-chromium.sh`
}

/** Headless chromium; the background-networking flags matter: this machine refuses connections to Google's services. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
