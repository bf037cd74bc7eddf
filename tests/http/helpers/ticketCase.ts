// A tiny case type for the HTTP tests: enough states, permissions and deadlines to reach every status.
import {
  deadlinePassed,
  emptySchema,
  invalidTransition,
  IsoTimestamp,
  text,
  type CaseType,
  type CommandSpec,
  type Command,
  type Decider,
  type DomainError,
} from '@gridcase/core'
import { authorize, Jurisdiction, literalUnion, type Role } from '@gridcase/core/access'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'

const Uuid = t.string
const Phone = t.refinement(t.string, (s) => /^1\d{10}$/.test(s), 'MobileNumber')

export const OpenData = t.intersection([
  t.type({ id: Uuid, title: text(200), category: literalUnion(['parking', 'heating', 'noise'], 'Category'), jurisdiction: Jurisdiction }),
  t.partial({ phone: Phone, appealBy: IsoTimestamp }),
])
export const NoteData = t.type({ note: text(500) })
export const ReasonData = t.type({ reason: text(500) })
export const EmptyData = t.type({})

type TicketCommand =
  | Command<'OpenTicket', t.TypeOf<typeof OpenData>>
  | Command<'AddNote', t.TypeOf<typeof NoteData>>
  | Command<'AcceptTicket', Record<string, never>>
  | Command<'CloseTicket', t.TypeOf<typeof ReasonData>>
  | Command<'Appeal', t.TypeOf<typeof ReasonData>>

type TicketEvent =
  | { type: 'TicketOpened'; data: t.TypeOf<typeof OpenData> & { ownerId?: string; at: string } }
  | { type: 'NoteAdded'; data: { note: string } }
  | { type: 'TicketAccepted'; data: { at: string } }
  | { type: 'TicketClosed'; data: { reason: string } }
  | { type: 'Appealed'; data: { reason: string } }

export type TicketState =
  | { status: 'none' }
  | {
      status: 'open' | 'accepted' | 'closed'
      id: string
      title: string
      category: string
      jurisdiction: string
      ownerId?: string
      phone?: string
      notes: string[]
      deadlines: { accept?: string; appeal?: string }
    }

const roles: Record<string, readonly Role[]> = {
  OpenTicket: ['resident', 'hotline-operator', 'grid-worker', 'community-worker'],
  AddNote: ['grid-worker', 'community-worker', 'street-officer', 'hotline-operator', 'supervisor', 'resident'],
  AcceptTicket: ['community-worker', 'street-officer'],
  CloseTicket: ['community-worker', 'street-officer'],
  Appeal: ['resident', 'hotline-operator'],
}

const DAY = 86_400_000

const decide = (command: TicketCommand, state: TicketState): E.Either<DomainError, readonly TicketEvent[]> => {
  const actor = command.meta.actor
  if (command.type === 'OpenTicket') {
    if (state.status !== 'none') return E.left(invalidTransition(state.status, command.type))
    const scope = { jurisdiction: command.data.jurisdiction, ...(actor.role === 'resident' ? { ownerId: actor.id } : {}) }
    const allowed = authorize(actor, { command: command.type, roles: roles[command.type] ?? [] }, scope)
    if (E.isLeft(allowed)) return allowed
    const ownerId = actor.role === 'resident' ? { ownerId: actor.id } : {}
    return E.right([{ type: 'TicketOpened', data: { ...command.data, ...ownerId, at: command.meta.at } }])
  }
  if (state.status === 'none') return E.left(invalidTransition('none', command.type))
  const scope = { jurisdiction: state.jurisdiction, ...(state.ownerId === undefined ? {} : { ownerId: state.ownerId }) }
  const allowed = authorize(actor, { command: command.type, roles: roles[command.type] ?? [] }, scope)
  if (E.isLeft(allowed)) return allowed
  switch (command.type) {
    case 'AddNote':
      return state.status === 'closed' ? E.left(invalidTransition(state.status, command.type)) : E.right([{ type: 'NoteAdded', data: { note: command.data.note } }])
    case 'AcceptTicket':
      return state.status !== 'open' ? E.left(invalidTransition(state.status, command.type)) : E.right([{ type: 'TicketAccepted', data: { at: command.meta.at } }])
    case 'CloseTicket':
      return state.status !== 'accepted' ? E.left(invalidTransition(state.status, command.type)) : E.right([{ type: 'TicketClosed', data: { reason: command.data.reason } }])
    case 'Appeal': {
      const by = state.deadlines.appeal
      if (by !== undefined && Date.parse(command.meta.at) > Date.parse(by)) return E.left(deadlinePassed(by, `the appeal window closed at ${by}`))
      return E.right([{ type: 'Appealed', data: { reason: command.data.reason } }])
    }
  }
}

const evolve = (state: TicketState, event: TicketEvent): TicketState => {
  switch (event.type) {
    case 'TicketOpened': {
      const { id, title, category, jurisdiction, phone, ownerId, appealBy, at } = event.data
      return {
        status: 'open',
        id,
        title,
        category,
        jurisdiction,
        ...(ownerId === undefined ? {} : { ownerId }),
        ...(phone === undefined ? {} : { phone }),
        notes: [],
        deadlines: { accept: new Date(Date.parse(at) + DAY).toISOString(), ...(appealBy === undefined ? {} : { appeal: appealBy }) },
      }
    }
    case 'NoteAdded':
      return state.status === 'none' ? state : { ...state, notes: [...state.notes, event.data.note] }
    case 'TicketAccepted':
      return state.status === 'none' ? state : { ...state, status: 'accepted', deadlines: state.deadlines.appeal === undefined ? {} : { appeal: state.deadlines.appeal } }
    case 'TicketClosed':
      return state.status === 'none' ? state : { ...state, status: 'closed', deadlines: {} }
    case 'Appealed':
      return state
  }
}

const decider: Decider<TicketCommand, TicketEvent, TicketState> = { initialState: { status: 'none' }, decide, evolve }

// io-ts codecs are invariant in their type, so a concrete codec is widened for the CaseType's spec.
const spec = (type: string, data: t.Mixed): CommandSpec => ({ type, data: data as t.Type<unknown, unknown, unknown> })

/** The test case type: tickets at `/api/v1/tickets`. */
export const ticketCase = (): CaseType<TicketCommand, TicketEvent, TicketState> => ({
  name: 'ticket',
  streamPrefix: 'ticket-',
  decider,
  schema: emptySchema,
  create: spec('OpenTicket', OpenData),
  commands: {
    'add-note': spec('AddNote', NoteData),
    accept: spec('AcceptTicket', EmptyData),
    close: spec('CloseTicket', ReasonData),
    appeal: spec('Appeal', ReasonData),
  },
  scope: (state) =>
    state.status === 'none' ? undefined : { jurisdiction: state.jurisdiction, ...(state.ownerId === undefined ? {} : { ownerId: state.ownerId }) },
})
