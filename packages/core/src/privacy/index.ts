export { maskIdNumber, maskName, maskPersonalData, maskPhone } from './mask.js'
