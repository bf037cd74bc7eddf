/** The keys of T that may not be undefined. */
export type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T]

/**
 * What a patch `P` of T may hold: T's keys only, and none of its required keys undefined — as the object literal
 * `{ ...s, id: undefined }` would not compile (exactOptionalPropertyTypes is off, so `Partial<T>` alone lets it by).
 */
export type Patch<T, P> = { readonly [K in keyof P]: K extends keyof T ? (K extends RequiredKeys<T> ? Exclude<T[K], undefined> : T[K]) : never }

/**
 * `{ ...s, ...patch, ...then }`, for the steps of a fold that may give a state keys it did not have yet: the same own
 * keys in the same order, the same values (an undefined one too) and prototype, built so that states with the same
 * keys share a V8 map. The keys of `patch` and `then` must be names written in code, never keys taken from input.
 *
 * On Node 20's V8 a spread copy (`{ ...s, key }`) clones the source's map, and a key the source did not have is added
 * to that clone by a transition V8 does not keep: the copy gets a map (hidden class) of its own, every time, and every
 * property read of the decider, the visibility check and the next step's copy on it misses V8's caches (megamorphic
 * loads that go to the runtime). `Object.assign` onto a fresh object adds the keys one by one by the transitions V8
 * keeps, so the copy's map is shared by every state whose keys came in the same order (docs/scale.md, "Stable case
 * shapes"; tests/perf/v8-shapes.test.ts counts the maps). That copy keeps most keys out of the object, in a property
 * array grown as they came; a spread of it, which adds no key, keeps its map and packs them again. Steps that only
 * change keys the state has keep the plain spread, which is faster and keeps the map.
 *
 * A state read back from JSON with an own `__proto__` key is copied by spreads alone: `Object.assign` would set the
 * copy's prototype from it where a spread defines the key (as hash.ts and privacy/sealed.ts do).
 */
export const withKeys = <T extends object, P extends Partial<T>, Q extends Partial<T> = Partial<T>>(s: T, patch: P & Patch<T, P>, then?: Q & Patch<T, Q>): T =>
  Object.hasOwn(s, '__proto__')
    ? ({ ...s, ...patch, ...then } as T)
    : ({ ...(then === undefined ? Object.assign({}, s, patch) : Object.assign({}, s, patch, then)) } as T)
