/**
 * A JSON value with every object's keys sorted: for comparing read-model states, where a state folded from its stored
 * JSON names its keys in another order than one folded in memory (as within a page), the values being the same.
 */
export const withSortedKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withSortedKeys)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, withSortedKeys(v)]))
      : value
