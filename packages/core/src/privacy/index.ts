export { maskIdNumber, maskName, maskPersonalData, maskPhone } from './mask.js'
export {
  ERASED,
  SEALED_PREFIX,
  PERSONAL_FIELDS,
  isSealed,
  openEvent,
  openValue,
  sealEvent,
  sealedStore,
  subjectIdOf,
  subjectsOfStream,
  unsealedOf,
  hasPersonalFields,
  openerOf,
  type SealedParts,
  type FieldCipher,
  type PersonalField,
} from './sealed.js'
