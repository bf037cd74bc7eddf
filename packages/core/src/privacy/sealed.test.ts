import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { NewEvent, RecordedEvent } from '../kernel/index.js'
import { ERASED, openEvent, sealEvent, type FieldCipher } from './sealed.js'

/** A cipher for the shape of sealing only (reversible, keyed by a table): the real one is AES-GCM in the adapters. */
const tableCipher = () => {
  const keys = new Set<string>()
  const cipher: FieldCipher = {
    seal: (subject, plain) => {
      keys.add(subject)
      return Buffer.from(plain, 'utf8').toString('base64')
    },
    open: (subject, sealed) => (keys.has(subject) ? Buffer.from(sealed, 'base64').toString('utf8') : undefined),
  }
  return { cipher, erase: (subject: string) => keys.delete(subject) }
}

const registered = (complainant: Record<string, string>, address?: string): NewEvent => ({
  type: 'ComplaintRegistered',
  schemaVersion: 1,
  data: { title: 't', complainant, ...(address === undefined ? {} : { address }) },
  metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'a', role: 'admin', jurisdiction: 'x' }, occurredAt: '2026-01-01T00:00:00Z' },
})
const recorded = (event: NewEvent): RecordedEvent => ({ ...event, eventId: 'e', streamId: 'complaint-1', version: 0, position: 0, metadata: { ...event.metadata, recordedAt: 'r', prevHash: 'p', hash: 'h' } })

describe('sealing personal fields', () => {
  it('opening a sealed event gives back exactly the event written, for any names, phones, id numbers and addresses', () => {
    fc.assert(
      // Including text that looks like a sealed field's marker: typed by someone, it is sealed like any other.
      fc.property(fc.oneof(fc.string(), fc.constant('sealed:v1:complaint-1#complainant')), fc.string(), fc.option(fc.string(), { nil: undefined }), fc.option(fc.string(), { nil: undefined }), (name, phone, idNumber, address) => {
        const { cipher } = tableCipher()
        const event = registered({ name, phone, ...(idNumber === undefined ? {} : { idNumber }), residentId: 'r1' }, address)
        const sealed = sealEvent('complaint-1', event, cipher)
        const data = sealed.data as { complainant: Record<string, string>; address?: string }
        // Every personal field is sealed under the case's complainant; the rest is as written.
        expect(data.complainant['name']).toBe('sealed:v1:complaint-1#complainant')
        expect(data.complainant['phone']).toBe('sealed:v1:complaint-1#complainant')
        expect(idNumber === undefined || data.complainant['idNumber'] === 'sealed:v1:complaint-1#complainant').toBe(true)
        expect(data.complainant['residentId']).toBe('r1')
        expect(address === undefined || data.address?.startsWith('sealed:v1:')).toBe(true)
        expect(openEvent(recorded(sealed), cipher)).toEqual(recorded(event))
      }),
    )
  })

  it('reads "erased" for every sealed field once the subject key is gone, and leaves other fields and events alone', () => {
    const { cipher, erase } = tableCipher()
    const sealed = recorded(sealEvent('complaint-1', registered({ name: '李四', phone: '13912345678', residentId: 'r1' }, '新华路1号'), cipher))
    erase('complaint-1#complainant')
    expect(openEvent(sealed, cipher).data).toEqual({ title: 't', complainant: { name: ERASED, phone: ERASED, residentId: 'r1' }, address: ERASED })
    const note = recorded({ ...registered({}), type: 'ComplaintNoteAdded', data: { note: '李四' } })
    expect(sealEvent('complaint-1', note, cipher)).toEqual(note)
    expect(openEvent(note, cipher)).toBe(note)
  })
})
