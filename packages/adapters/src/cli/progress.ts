/** Where progress is drawn: stderr, or a test's stand-in. */
export interface ProgressOutput {
  write(chunk: string): boolean
  readonly isTTY?: boolean
}

export interface Progress {
  update(done: number): void
  finish(): void
}

/**
 * A progress bar on a terminal (`[#####-----] 52% 520,000/1,000,000 events`), redrawn at most
 * every 100 ms; nothing when the output is not a terminal, so logs and pipes stay clean.
 * A few lines instead of a dependency.
 */
export const progressBar = (out: ProgressOutput, label: string, total: number | undefined, now: () => number = Date.now): Progress => {
  if (out.isTTY !== true) return { update: () => {}, finish: () => {} }
  const started = now()
  let drawn = 0
  let last = 0
  const draw = (done: number) => {
    const seconds = ((now() - started) / 1000).toFixed(1)
    const count = total === undefined ? done.toLocaleString('en') : `${done.toLocaleString('en')}/${total.toLocaleString('en')}`
    const fraction = total === undefined || total === 0 ? undefined : Math.min(done / total, 1)
    const bar = fraction === undefined ? '' : `[${'#'.repeat(Math.round(fraction * 30)).padEnd(30, '-')}] ${Math.floor(fraction * 100)}% `
    out.write(`\r${label} ${bar}${count} events ${seconds}s`)
    drawn = done
  }
  return {
    update: (done) => {
      const t = now()
      if (t - last < 100) return
      last = t
      draw(done)
    },
    finish: () => {
      draw(Math.max(drawn, total ?? drawn))
      out.write('\n')
    },
  }
}
