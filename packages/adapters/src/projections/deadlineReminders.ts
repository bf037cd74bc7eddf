/** A deadline row as the dashboard last wrote it, with the deadline scheduler's progress on it (`remind_at`). */
export interface RemindedRow {
  readonly stream_id: string
  readonly kind: string
  readonly deadline: number
  readonly set_at: number
  readonly remind_at: number | null
}

/**
 * What a dashboard writing a case's deadline rows again gives each row as `remind_at`: the scheduler's progress when
 * the same deadline (case, kind, when it falls, when it was set) was there before, so its fired reminders are not read
 * again; 0 for a new or moved deadline, which the scheduler's next pass looks at (its reminders are new).
 */
export const remindersOf = (rows: readonly RemindedRow[]): ((streamId: string, kind: string, deadline: number, setAt: number) => number | null) => {
  const key = (streamId: string, kind: string, deadline: number, setAt: number): string => `${streamId}\u001f${kind}\u001f${deadline}\u001f${setAt}`
  const kept = new Map(rows.map((r) => [key(r.stream_id, r.kind, r.deadline, r.set_at), r.remind_at]))
  return (streamId, kind, deadline, setAt) => {
    const k = key(streamId, kind, deadline, setAt)
    return kept.has(k) ? (kept.get(k) ?? null) : 0
  }
}
