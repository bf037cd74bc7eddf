export { maskAddress, maskIdNumber, maskName, maskPersonalData, maskPhone } from './mask.js'
