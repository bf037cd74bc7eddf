// Contact data of people on a case (联系方式, 身份证号): one set of rules for complaints and disputes.
export { IdNumber, idCheckCharacter, isResidentIdNumber } from './idNumber.js'
export { isMainlandLandline, isMainlandMobile, isMainlandPhone, PhoneNumber } from './phone.js'
