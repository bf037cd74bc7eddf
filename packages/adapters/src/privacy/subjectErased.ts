// Apart from the key stores, so that both (SQLite's and PostgreSQL's writers) throw it without loading the other's driver.
/**
 * A sealing refused: the data subject's key was destroyed (`gridcase erasure erase`), so nothing more of their personal
 * data is written (the case's own commands that would: a session's minutes, a supplement's text). The append writes
 * nothing; the HTTP API answers 409 `personal-data-erased`.
 */
export class SubjectErased extends Error {
  override readonly name = 'SubjectErased'
  constructor(readonly subjectId: string) {
    super(`the data subject ${subjectId} was erased: nothing more is written under its key`)
  }
}
