import type * as t from 'io-ts'

/** What the pipeline reads inside an io-ts codec: its tag and, by kind, its inner codec(s), fields or refinement. */
export interface CodecNode {
  readonly _tag?: string
  readonly type?: t.Mixed
  readonly types?: readonly t.Mixed[]
  readonly props?: Record<string, t.Mixed>
  readonly predicate?: (u: unknown) => boolean
}

/**
 * `compile` made once per codec, the first time a codec is asked for (codecs are built once and never change), and
 * kept while the codec lives: a command then asks one WeakMap for its root, not one per node of its codec.
 */
export const perCodec = <F>(compile: (codec: t.Mixed) => F): ((codec: t.Mixed) => F) => {
  const made = new WeakMap<t.Mixed, F>()
  return (codec) => {
    const known = made.get(codec)
    if (known !== undefined) return known
    const compiled = compile(codec)
    made.set(codec, compiled)
    return compiled
  }
}
