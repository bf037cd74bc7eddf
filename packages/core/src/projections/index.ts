export { replay, type Projection } from './projection.js'
