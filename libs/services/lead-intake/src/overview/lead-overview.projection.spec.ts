import { evolveOverview, type LeadOverview, type OverviewEvent } from './lead-overview.projection';

const fold = (events: OverviewEvent[]): LeadOverview =>
  events.reduce<LeadOverview | null>((doc, e) => evolveOverview(doc, 'L1', e), null) as LeadOverview;

const captured: OverviewEvent = {
  type: 'LeadCaptured',
  data: {
    leadId: 'L1',
    source: 'inbound-web',
    inbound: true,
    contact: { email: 'ada@acme.com' },
    company: { name: 'Acme', domain: 'acme.com' },
    capturedAt: '2026-11-23T10:00:00.000Z',
  },
};

describe('lead overview', () => {
  it('starts at captured with the contact and company it came with', () => {
    expect(fold([captured])).toMatchObject({
      stage: 'captured',
      source: 'inbound-web',
      inbound: true,
      email: 'ada@acme.com',
      companyDomain: 'acme.com',
      slaStatus: 'none',
    });
  });

  it('follows the lead through enrichment, scoring and assignment with a pending first-touch SLA', () => {
    const doc = fold([
      captured,
      { type: 'LeadEnriched', data: { segment: 'smb', territory: 'us-west' } },
      { type: 'LeadScored', data: { score: 82, grade: 'A' } },
      { type: 'LeadAssigned', data: { sdrId: 'sdr-1', slaDueAt: '2026-11-23T10:05:00.000Z' } },
    ]);
    expect(doc).toMatchObject({
      stage: 'assigned',
      grade: 'A',
      score: 82,
      segment: 'smb',
      ownerSdrId: 'sdr-1',
      slaStatus: 'pending',
      slaDueAt: '2026-11-23T10:05:00.000Z',
    });
  });

  it('never moves a stage back when stations deliver out of order', () => {
    const doc = fold([captured, { type: 'LeadAssigned', data: { sdrId: 'sdr-1' } }, { type: 'LeadEnriched', data: { segment: 'smb' } }]);
    expect(doc.stage).toBe('assigned');
    expect(doc.segment).toBe('smb');
  });

  it('marks the SLA met by an activity inside the window, and breached on a breach', () => {
    const assigned: OverviewEvent = { type: 'LeadAssigned', data: { sdrId: 'sdr-1', slaDueAt: '2026-11-23T10:05:00.000Z' } };
    expect(fold([captured, assigned, { type: 'ActivityLogged', data: {} }])).toMatchObject({ slaStatus: 'met', stage: 'working' });
    const breached = fold([captured, assigned, { type: 'FirstTouchSlaBreached', data: {} }]);
    expect(breached).toMatchObject({ slaStatus: 'breached', slaBreaches: 1 });
    expect(fold([captured, assigned, { type: 'FirstTouchSlaBreached', data: {} }, { type: 'ActivityLogged', data: {} }]).slaStatus).toBe(
      'breached',
    );
  });

  it('gives a reassigned lead its new owner and a new window', () => {
    const doc = fold([
      captured,
      { type: 'LeadAssigned', data: { sdrId: 'sdr-1', slaDueAt: '2026-11-23T10:05:00.000Z' } },
      { type: 'FirstTouchSlaBreached', data: {} },
      { type: 'LeadReassigned', data: { sdrId: 'sdr-2', slaDueAt: '2026-11-23T10:10:00.000Z' } },
    ]);
    expect(doc).toMatchObject({ ownerSdrId: 'sdr-2', slaStatus: 'pending', slaBreaches: 1 });
  });

  it('gives a recycled lead reopened for outbound its new owner, back at assigned, without an SLA', () => {
    const doc = fold([
      captured,
      { type: 'LeadAssigned', data: { sdrId: 'sdr-1', slaDueAt: '2026-11-23T10:05:00.000Z' } },
      { type: 'ActivityLogged', data: {} },
      { type: 'LeadQualified', data: {} },
      { type: 'LeadReopenedForOutbound', data: { sdrId: 'out-1', team: 'outbound' } },
    ]);
    expect(doc).toMatchObject({ stage: 'assigned', ownerSdrId: 'out-1', slaDueAt: null, slaStatus: 'none' });
    expect(
      fold([captured, { type: 'LeadReopenedForOutbound', data: { sdrId: 'out-1' } }, { type: 'ActivityLogged', data: {} }]).stage,
    ).toBe('working');
  });

  it('counts duplicates, keeps missing fields, and ignores event types it does not know', () => {
    const doc = fold([
      captured,
      { type: 'LeadFlaggedIncomplete', data: { missing: ['contact.title'] } },
      { type: 'LeadDuplicateCaptured', data: {} },
      { type: 'LeadDuplicateCaptured', data: {} },
      { type: 'LeadDuplicateUnmerged', data: {} },
      { type: 'SomethingNew', data: null },
    ]);
    expect(doc).toMatchObject({ duplicates: 1, missing: ['contact.title'], lastEventType: 'LeadDuplicateUnmerged' });
  });

  it('ends at qualified, disqualified or recycled', () => {
    expect(fold([captured, { type: 'LeadQualified', data: {} }]).stage).toBe('qualified');
    expect(
      fold([captured, { type: 'LeadScored', data: { grade: 'F', score: 10 } }, { type: 'LeadSentToRecyclePool', data: {} }]).stage,
    ).toBe('recycled');
  });
});
