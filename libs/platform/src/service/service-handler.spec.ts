import { deriveEventId, type RecordedEvent } from '@leadline/event-store';
import { causedBy } from './service-handler';

const cause = (correlationId?: string) =>
  ({ id: '5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f', metadata: correlationId ? { correlationId } : {} }) as unknown as RecordedEvent;

describe('causedBy (what a reaction writes because of an event)', () => {
  it("carries the cause's correlation on and names the cause; ids derive from the cause's id", () => {
    const caused = causedBy(cause('corr-1'), { leadId: 'L1', correlationId: 'L1' });
    expect(caused.metadata).toEqual({ leadId: 'L1', correlationId: 'corr-1', causationId: cause().id });
    expect(caused.eventId('scored')).toBe(deriveEventId(cause().id, 'scored'));
    expect(caused.eventId('scored')).not.toBe(caused.eventId('recycled'));
  });

  it("falls back to the given correlation, else to the cause's id; no leadId unless given", () => {
    expect(causedBy(cause(), { correlationId: 'cand-1' }).metadata).toStrictEqual({ correlationId: 'cand-1', causationId: cause().id });
    expect(causedBy(cause()).metadata).toStrictEqual({ correlationId: cause().id, causationId: cause().id });
  });
});
