import { randomUUID } from 'node:crypto'
import { v5, validate } from 'uuid'

/**
 * A fresh random id (uuid v4). Node's own `randomUUID`, which the uuid package's v4 calls too, through the global
 * `crypto` getter and its own checks: every event sealed takes one.
 */
export const newId = (): string => randomUUID()

const GRIDCASE_NAMESPACE = '5b0c6f6e-8d0a-4c4e-9a55-6772696463a5'

/** The same name always gives the same id (uuid v5): turns an Idempotency-Key into a stable case id. */
export const stableId = (name: string): string => v5(name, GRIDCASE_NAMESPACE)

export const isUuid = (value: string): boolean => validate(value)
