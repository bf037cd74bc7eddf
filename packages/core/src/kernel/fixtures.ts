// Helpers for tests (not part of the public API; left out of the build as every fixtures.ts): core's own tests import
// it, and the other packages' tests by its path, as they import core's sample calendars.

/** `value` frozen all the way down, returned: a test hands it to code that must not write into what it is given. */
export const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
