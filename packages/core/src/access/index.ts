export { Actor, recordedActor, ROLES, Role, Track, TRACKS, literalUnion } from '../kernel/actor.js'
export { ancestors, isJurisdictionPath, isWithin, Jurisdiction, LEVELS, levelOf, parentOf, segments, type Level } from './jurisdiction.js'
export { authorize, canRead, handlesCase, readerView, readsPeopleMasked, type CaseScope, type DepartmentOffice, type Permission, type ReadCase, type ReaderView } from './permissions.js'
