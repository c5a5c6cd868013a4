import { leadIntakeDecider, type LeadIntakeCommand } from './lead-intake.decider';
import { LeadIntakeError } from './lead-intake.errors';
import type { LeadCapture, LeadIntakeEvent } from './lead-intake.events';

const capture = (captureId: string, overrides: Partial<LeadCapture> = {}): LeadCapture => ({
  captureId,
  source: 'inbound-web',
  vendorId: null,
  listId: null,
  campaignId: null,
  contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.com', phone: '+14155550100', title: 'CTO' },
  company: { name: 'Acme', domain: 'acme.com', website: null, country: 'US' },
  consent: true,
  attributes: {},
  capturedAt: '2026-11-23T10:00:00.000Z',
  ...overrides,
});

function given(events: LeadIntakeEvent[]) {
  const state = events.reduce(leadIntakeDecider.evolve, leadIntakeDecider.initialState());
  return { when: (command: LeadIntakeCommand) => () => leadIntakeDecider.decide(command, state) };
}

const captured: LeadIntakeEvent = { type: 'LeadCaptured', data: { ...capture('c1'), leadId: 'L1', inbound: true } };
const duplicate: LeadIntakeEvent = { type: 'LeadDuplicateCaptured', data: { leadId: 'L1', matchedOn: 'email', capture: capture('c2') } };

describe('lead intake decider', () => {
  it('captures a new lead, inbound by its source', () => {
    expect(given([]).when({ type: 'CaptureLead', data: { leadId: 'L1', capture: capture('c1') } })()).toEqual([captured]);
  });

  it('captures an outbound lead as not inbound', () => {
    const events = given([]).when({ type: 'CaptureLead', data: { leadId: 'L1', capture: capture('c1', { source: 'purchased-list' }) } })();
    expect(events[0]).toMatchObject({ type: 'LeadCaptured', data: { inbound: false } });
  });

  it('flags an incomplete capture with its missing fields, and still captures it', () => {
    const sparse = capture('c1', { contact: { firstName: null, lastName: null, email: 'ada@acme.com', phone: null, title: null } });
    const events = given([]).when({ type: 'CaptureLead', data: { leadId: 'L1', capture: sparse } })();
    expect(events.map((e) => e.type)).toEqual(['LeadCaptured', 'LeadFlaggedIncomplete']);
    expect(events[1]).toEqual({
      type: 'LeadFlaggedIncomplete',
      data: { leadId: 'L1', missing: ['contact.firstName', 'contact.lastName', 'contact.phone', 'contact.title'] },
    });
  });

  it('does nothing when the same capture is decided again', () => {
    expect(given([captured]).when({ type: 'CaptureLead', data: { leadId: 'L1', capture: capture('c1') } })()).toEqual([]);
  });

  it('refuses a second, different capture as a new lead on an existing stream', () => {
    expect(given([captured]).when({ type: 'CaptureLead', data: { leadId: 'L1', capture: capture('c9') } })).toThrow(LeadIntakeError);
  });

  it('records a duplicate on the existing lead, never as a second lead', () => {
    expect(
      given([captured]).when({ type: 'RecordDuplicateCapture', data: { leadId: 'L1', matchedOn: 'email', capture: capture('c2') } })(),
    ).toEqual([duplicate]);
  });

  it('records each duplicate capture once', () => {
    expect(
      given([captured, duplicate]).when({
        type: 'RecordDuplicateCapture',
        data: { leadId: 'L1', matchedOn: 'phone', capture: capture('c2') },
      })(),
    ).toEqual([]);
  });

  it('cannot record a duplicate of a lead that does not exist', () => {
    expect(given([]).when({ type: 'RecordDuplicateCapture', data: { leadId: 'L1', matchedOn: 'email', capture: capture('c2') } })).toThrow(
      expect.objectContaining({ code: 'lead-not-found' }),
    );
  });

  const unmerge = (captureId: string): LeadIntakeCommand => ({
    type: 'UnmergeDuplicate',
    data: { leadId: 'L1', captureId, newLeadId: 'L2', reason: 'different person', unmergedAt: '2026-11-23T11:00:00.000Z' },
  });

  it('reverses a merge: the duplicate capture is unmerged into a new lead', () => {
    expect(given([captured, duplicate]).when(unmerge('c2'))()).toEqual([
      {
        type: 'LeadDuplicateUnmerged',
        data: { leadId: 'L1', captureId: 'c2', newLeadId: 'L2', reason: 'different person', unmergedAt: '2026-11-23T11:00:00.000Z' },
      },
    ]);
  });

  it('unmerges a capture once', () => {
    const unmerged = leadIntakeDecider.decide(
      unmerge('c2'),
      [captured, duplicate].reduce(leadIntakeDecider.evolve, leadIntakeDecider.initialState()),
    );
    expect(given([captured, duplicate, ...unmerged]).when(unmerge('c2'))()).toEqual([]);
  });

  it('cannot unmerge the capture that created the lead, nor an unknown one', () => {
    expect(given([captured, duplicate]).when(unmerge('c1'))).toThrow(expect.objectContaining({ code: 'capture-not-merged' }));
    expect(given([captured, duplicate]).when(unmerge('nope'))).toThrow(expect.objectContaining({ code: 'capture-not-merged' }));
  });
});
