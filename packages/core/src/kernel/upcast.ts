import type { RecordedEvent } from './envelope.js'

/** Lifts one event type's data from `fromVersion` to `fromVersion + 1`. Old shapes are upcast on read, never rewritten. */
export interface Upcaster {
  readonly type: string
  readonly fromVersion: number
  readonly upcast: (data: unknown) => unknown
}

/** The schema versions a case type writes, and how to lift older ones. */
export interface EventSchema {
  /** Current schema version per event type; absent types are version 1. */
  readonly versions: Readonly<Record<string, number>>
  readonly upcasters: readonly Upcaster[]
}

export const emptySchema: EventSchema = { versions: {}, upcasters: [] }

export const currentVersion = (schema: EventSchema, type: string): number => schema.versions[type] ?? 1

/** Applies upcasters until the event reaches the current version of its type. */
export const upcast = <E extends RecordedEvent>(schema: EventSchema, event: E): E => {
  let data = event.data
  let version = event.schemaVersion
  const target = currentVersion(schema, event.type)
  while (version < target) {
    const step = schema.upcasters.find((u) => u.type === event.type && u.fromVersion === version)
    if (step === undefined) break
    data = step.upcast(data)
    version += 1
  }
  return version === event.schemaVersion ? event : { ...event, data, schemaVersion: version }
}
