import { v4, v5, validate } from 'uuid'

/** A fresh random id (uuid v4). */
export const newId = (): string => v4()

const GRIDCASE_NAMESPACE = '5b0c6f6e-8d0a-4c4e-9a55-6772696463a5'

/** The same name always gives the same id (uuid v5): turns an Idempotency-Key into a stable case id. */
export const stableId = (name: string): string => v5(name, GRIDCASE_NAMESPACE)

export const isUuid = (value: string): boolean => validate(value)
