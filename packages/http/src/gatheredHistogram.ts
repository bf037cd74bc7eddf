import type { Metric } from 'prom-client'

/** One series of a `gatheredHistogram`: its labels and what was observed in it, as plain numbers. */
export interface HistogramSeries {
  readonly key: string
  readonly labels: Readonly<Record<string, string>>
  /** Observations at most each bound (not cumulative), then those above every bound. */
  readonly counts: number[]
  sum: number
  count: number
  /** Not shown until observed again (a `reset` dropped it). */
  detached: boolean
}

export interface GatheredHistogram {
  /** The series of `labels` (label names in the order the exposition shows them); the same object for the same key. */
  readonly series: (key: string, labels: Readonly<Record<string, string>>) => HistogramSeries
  readonly observe: (series: HistogramSeries, seconds: number) => void
}

interface ValuePair {
  readonly labels: Record<string, string | number>
  readonly sharedLabels: Readonly<Record<string, string>>
  readonly value: number
  readonly metricName: string
  readonly exemplar: null | undefined
}

/**
 * A Prometheus histogram counted in plain numbers per series, shown by prom-client's registry exactly as its own
 * `Histogram` shows the same observations (the same values, labels, series order and sums added in the same order;
 * gatheredHistogram.test.ts compares the two). Why: a labelled child of prom-client's histogram checks and hashes its
 * labels at every `observe` (about 1.5% of the server's CPU at 1k commands/s); a series here is found once per request
 * by a plain key and its observation is a comparison per bucket and three additions.
 *
 * Registered as a metric of its own (`name`, `help`, `type`, `get`, `getForPromString`, `reset`: what the registry
 * reads of a metric), no exemplars.
 */
export const gatheredHistogram = (config: {
  readonly name: string
  readonly help: string
  readonly buckets: readonly number[]
  readonly registers: readonly { registerMetric: (metric: Metric) => void }[]
}): GatheredHistogram => {
  const bounds = config.buckets
  // Shown in the order first observed (since the last reset), as prom-client's hash map keeps them.
  const shown = new Map<string, HistogramSeries>()
  const all = new Map<string, HistogramSeries>()
  const series = (key: string, labels: Readonly<Record<string, string>>): HistogramSeries => {
    let found = all.get(key)
    if (found === undefined) {
      found = { key, labels, counts: new Array<number>(bounds.length + 1).fill(0), sum: 0, count: 0, detached: true }
      all.set(key, found)
    }
    if (found.detached) {
      found.detached = false
      shown.set(key, found)
    }
    return found
  }
  const observe = (s: HistogramSeries, seconds: number): void => {
    if (!Number.isFinite(seconds)) throw new TypeError(`Value is not a valid number: ${seconds}`)
    if (s.detached) series(s.key, s.labels)
    let i = 0
    while (i < bounds.length && !(seconds <= (bounds[i] as number))) i += 1
    ;(s.counts[i] as number) += 1
    s.sum += seconds
    s.count += 1
  }
  const bucketName = `${config.name}_bucket`
  // prom-client's Histogram.getForPromString: per series its buckets (cumulative), +Inf, _sum and _count.
  const values = (): ValuePair[] => {
    const out: ValuePair[] = []
    for (const s of shown.values()) {
      let cumulative = 0
      for (const [i, bound] of bounds.entries()) {
        cumulative += s.counts[i] as number
        out.push({ labels: { le: bound }, value: cumulative, metricName: bucketName, exemplar: null, sharedLabels: s.labels })
      }
      out.push(
        { labels: { le: '+Inf' }, value: s.count, metricName: bucketName, exemplar: null, sharedLabels: s.labels },
        { labels: {}, value: s.sum, metricName: `${config.name}_sum`, exemplar: undefined, sharedLabels: s.labels },
        { labels: {}, value: s.count, metricName: `${config.name}_count`, exemplar: undefined, sharedLabels: s.labels },
      )
    }
    return out
  }
  const metric = {
    name: config.name,
    help: config.help,
    type: 'histogram',
    aggregator: 'sum',
    getForPromString: async () => ({ name: config.name, help: config.help, type: 'histogram', values: values(), aggregator: 'sum' }),
    // As prom-client's `get`: each value's shared labels spread into its own, after them.
    get: async () => ({
      name: config.name,
      help: config.help,
      type: 'histogram',
      values: values().map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })),
      aggregator: 'sum',
    }),
    reset: () => {
      for (const s of all.values()) {
        s.counts.fill(0)
        s.sum = 0
        s.count = 0
        s.detached = true
      }
      shown.clear()
    },
  }
  // The registry reads only the members above; prom-client's types name its Metric class.
  for (const registry of config.registers) registry.registerMetric(metric as unknown as Metric)
  return { series, observe }
}
