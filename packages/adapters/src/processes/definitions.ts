import * as E from 'fp-ts/lib/Either.js'
import { peopleInHistory, peopleNamed } from '@gridcase/core/privacy'
import { COMPLAINT_REFERRED_TO_MEDIATION, MEDIATION_CONCLUSIONS, MEDIATION_OUTCOME_PROCESS, mediationOutcomeCommands, referralFailureCommands, referralProcessCommands } from '@gridcase/core/processes'
import type { SqliteCheckpoints } from '../sqlite/checkpoints.js'
import { sqliteFenced } from './lease.js'
import type { ProcessCheckpoints, ProcessDefinition } from './runner.js'

/** 诉调对接: a complaint referred to mediation opens the dispute it names (source `referral`, both ids on both cases), or says it could not. */
export const referralProcess: ProcessDefinition = {
  name: 'complaint-referral',
  handles: [COMPLAINT_REFERRED_TO_MEDIATION],
  react: async (event) => referralProcessCommands(event),
  // A dispute that could not be opened (its id taken, its rules): the complaint records it and goes back to where it was.
  refused: (event, _command, error) => referralFailureCommands(event, error),
}

/**
 * The way back: a referred dispute's conclusion (agreement, failure, litigation, declined) is recorded on the complaint,
 * and what it comes to after (the court's rejection of the agreement, a new agreement, litigation) as its later outcome.
 */
export const mediationOutcomeProcess: ProcessDefinition = {
  name: MEDIATION_OUTCOME_PROCESS,
  handles: Object.keys(MEDIATION_CONCLUSIONS),
  react: async (event, { store }) => {
    // The process acts within the case's jurisdiction, which the dispute took from the complaint at the referral.
    const events = await store.readStream(event.streamId)
    const data = events[0]?.data
    const jurisdiction = typeof data === 'object' && data !== null && 'jurisdiction' in data && typeof data.jurisdiction === 'string' ? data.jurisdiction : undefined
    if (jurisdiction === undefined) return E.right([])
    // The dispute opened from the referral with the complaint's own people as its parties; whoever else its history
    // names (a session's attendees) is a stranger to the complaint, masked in what is carried back to it.
    const parties = peopleNamed(data)
    const strangers = peopleInHistory(data, events).filter((name) => !parties.includes(name))
    // The court's rejection names no complaint: the report does (source referral, both ids).
    const referredFrom = typeof data === 'object' && data !== null && 'complaintId' in data && typeof data.complaintId === 'string' ? data.complaintId : undefined
    return mediationOutcomeCommands(event, jurisdiction, strangers, referredFrom)
  },
}

/** The processes a server runs by default. */
export const defaultProcesses: readonly ProcessDefinition[] = [referralProcess, mediationOutcomeProcess]

/**
 * Process checkpoints in the SQLite `checkpoints` table (beside the read models' own). A save under a fence is applied
 * only while the runner holds its lease, as the checkpoints' file keeps it (sqliteFenced: unchecked where the file keeps
 * no row of that lease).
 */
export const sqliteProcessCheckpoints = (checkpoints: SqliteCheckpoints): ProcessCheckpoints => {
  const fenced = sqliteFenced(checkpoints.db)
  return {
    load: async (name) => checkpoints.load(name),
    save: async (name, position, fence) => fenced(fence, () => checkpoints.save(name, position)),
  }
}
