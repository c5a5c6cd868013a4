import { DeciderSpecification } from '../testing/decider-specification';
import { capture } from './intake.fixtures';
import { leadIntakeDecider, type LeadIntakeCommand } from './lead-intake.decider';
import { LeadIntakeError } from './lead-intake.errors';
import type { LeadIntakeEvent } from './lead-intake.events';

const given = DeciderSpecification.for(leadIntakeDecider);

const captured: LeadIntakeEvent = { type: 'LeadCaptured', data: { ...capture('c1'), leadId: 'L1', inbound: true } };
const duplicate: LeadIntakeEvent = { type: 'LeadDuplicateCaptured', data: { leadId: 'L1', matchedOn: 'email', capture: capture('c2') } };

describe('lead intake decider', () => {
  it('captures a new lead, inbound by its source', () => {
    given([])
      .when({ type: 'CaptureLead', data: { leadId: 'L1', capture: capture('c1') } })
      .then([captured]);
  });

  it('captures an outbound lead as not inbound', () => {
    const outbound = capture('c1', { source: 'purchased-list' });
    given([])
      .when({ type: 'CaptureLead', data: { leadId: 'L1', capture: outbound } })
      .then([{ type: 'LeadCaptured', data: { ...outbound, leadId: 'L1', inbound: false } }]);
  });

  it('flags an incomplete capture with its missing fields, and still captures it', () => {
    const sparse = capture('c1', { contact: { firstName: null, lastName: null, email: 'ada@acme.com', phone: null, title: null } });
    given([])
      .when({ type: 'CaptureLead', data: { leadId: 'L1', capture: sparse } })
      .then([
        { type: 'LeadCaptured', data: { ...sparse, leadId: 'L1', inbound: true } },
        {
          type: 'LeadFlaggedIncomplete',
          data: { leadId: 'L1', missing: ['contact.firstName', 'contact.lastName', 'contact.phone', 'contact.title'] },
        },
      ]);
  });

  it('does nothing when the same capture is decided again', () => {
    given([captured])
      .when({ type: 'CaptureLead', data: { leadId: 'L1', capture: capture('c1') } })
      .thenNothingHappened();
  });

  it('refuses a second, different capture as a new lead on an existing stream', () => {
    given([captured])
      .when({ type: 'CaptureLead', data: { leadId: 'L1', capture: capture('c9') } })
      .thenThrows(LeadIntakeError, 'lead-exists');
  });

  it('records a duplicate on the existing lead, never as a second lead', () => {
    given([captured])
      .when({ type: 'RecordDuplicateCapture', data: { leadId: 'L1', matchedOn: 'email', capture: capture('c2') } })
      .then([duplicate]);
  });

  it('records each duplicate capture once', () => {
    given([captured, duplicate])
      .when({ type: 'RecordDuplicateCapture', data: { leadId: 'L1', matchedOn: 'phone', capture: capture('c2') } })
      .thenNothingHappened();
  });

  it('cannot record a duplicate of a lead that does not exist', () => {
    given([])
      .when({ type: 'RecordDuplicateCapture', data: { leadId: 'L1', matchedOn: 'email', capture: capture('c2') } })
      .thenThrows(LeadIntakeError, 'lead-not-found');
  });

  const unmerge = (captureId: string): LeadIntakeCommand => ({
    type: 'UnmergeDuplicate',
    data: { leadId: 'L1', captureId, newLeadId: 'L2', reason: 'different person', unmergedAt: '2026-11-23T11:00:00.000Z' },
  });
  const unmerged: LeadIntakeEvent = {
    type: 'LeadDuplicateUnmerged',
    data: { leadId: 'L1', captureId: 'c2', newLeadId: 'L2', reason: 'different person', unmergedAt: '2026-11-23T11:00:00.000Z' },
  };

  it('reverses a merge: the duplicate capture is unmerged into a new lead', () => {
    given([captured, duplicate]).when(unmerge('c2')).then([unmerged]);
  });

  it('unmerges a capture once', () => {
    given([captured, duplicate, unmerged]).when(unmerge('c2')).thenNothingHappened();
  });

  it('cannot unmerge the capture that created the lead, nor an unknown one', () => {
    given([captured, duplicate]).when(unmerge('c1')).thenThrows(LeadIntakeError, 'capture-not-merged');
    given([captured, duplicate]).when(unmerge('nope')).thenThrows(LeadIntakeError, 'capture-not-merged');
  });

  describe('erasure', () => {
    const erased: LeadIntakeEvent = { type: 'PersonErased', data: { leadId: 'L1', erasedAt: '2026-03-02T10:00:00.000Z' } };

    it('records the erasure of a captured lead, without personal data', () => {
      given([captured, duplicate])
        .when({ type: 'ErasePerson', data: { leadId: 'L1', erasedAt: '2026-03-02T10:00:00.000Z' } })
        .then([erased]);
    });

    it('erases once: a second request records nothing', () => {
      given([captured, erased])
        .when({ type: 'ErasePerson', data: { leadId: 'L1', erasedAt: '2026-03-03T10:00:00.000Z' } })
        .thenNothingHappened();
    });

    it('refuses to erase a lead that does not exist', () => {
      given([])
        .when({ type: 'ErasePerson', data: { leadId: 'L1', erasedAt: '2026-03-02T10:00:00.000Z' } })
        .thenThrows(LeadIntakeError, 'lead-not-found');
    });

    it('refuses to unmerge a capture of an erased person into a lead of its own', () => {
      given([captured, duplicate, erased])
        .when({
          type: 'UnmergeDuplicate',
          data: { leadId: 'L1', captureId: 'c2', newLeadId: 'L2', reason: 'not them', unmergedAt: '2026-03-04T10:00:00.000Z' },
        })
        .thenThrows(LeadIntakeError, 'person-erased');
    });
  });
});
