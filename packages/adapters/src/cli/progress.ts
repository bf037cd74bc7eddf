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

/**
 * Progress of work counted in lines: a bar on a terminal; elsewhere (a pipe, a log file, CI) a plain line each
 * time another tenth of the lines is done, and one at the end, so a log shows it moving without flooding.
 */
export const lineProgress = (out: ProgressOutput, label: string, total: number | undefined, now: () => number = Date.now): Progress & { readonly detail: (text: string) => void } => {
  let detail = ''
  if (out.isTTY === true) {
    const started = now()
    let last = 0
    let drawn = 0
    const draw = (done: number) => {
      const seconds = ((now() - started) / 1000).toFixed(1)
      const fraction = total === undefined || total === 0 ? undefined : Math.min(done / total, 1)
      const bar = fraction === undefined ? '' : `[${'#'.repeat(Math.round(fraction * 30)).padEnd(30, '-')}] ${Math.floor(fraction * 100)}% `
      out.write(`\r${label} ${bar}${done.toLocaleString('en')}${total === undefined ? '' : `/${total.toLocaleString('en')}`} lines ${detail} ${seconds}s`)
      drawn = done
    }
    return {
      detail: (text) => void (detail = text),
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
  const step = total === undefined || total < 10 ? Number.POSITIVE_INFINITY : Math.ceil(total / 10)
  let next = step
  let done = 0
  const line = (n: number) => out.write(`${label}: ${n.toLocaleString('en')}${total === undefined ? '' : `/${total.toLocaleString('en')}`} lines${detail === '' ? '' : ` (${detail})`}\n`)
  return {
    detail: (text) => void (detail = text),
    update: (n) => {
      done = n
      if (n >= next) {
        line(n)
        while (next <= n) next += step
      }
    },
    finish: () => line(done),
  }
}
