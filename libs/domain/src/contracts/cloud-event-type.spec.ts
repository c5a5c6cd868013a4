import { cloudEventTypeOf, parseCloudEventType } from './cloud-event-type';
import { PUBLISHED_EVENT_TYPES } from './event-contracts';

describe('CloudEvents type of a published event', () => {
  it('is reverse-DNS namespaced and versioned', () => {
    expect(cloudEventTypeOf('LeadCaptured', 1)).toBe('io.leadline.lead.captured.v1');
    expect(cloudEventTypeOf('LeadAssigned', 2)).toBe('io.leadline.lead.assigned.v2');
    expect(cloudEventTypeOf('FirstTouchSlaBreached', 1)).toBe('io.leadline.first-touch-sla.breached.v1');
    expect(cloudEventTypeOf('ProspectReturnedFromNurture', 1)).toBe('io.leadline.prospect.returned-from-nurture.v1');
    expect(cloudEventTypeOf('LeadSentToRecyclePool', 1)).toBe('io.leadline.lead.sent-to-recycle-pool.v1');
    expect(cloudEventTypeOf('AppointmentNoShow', 1)).toBe('io.leadline.appointment.no-show.v1');
  });

  it('gives back the event type and version, for every published event type, and nothing for a bare or foreign type', () => {
    for (const type of PUBLISHED_EVENT_TYPES) {
      expect(parseCloudEventType(cloudEventTypeOf(type, 3))).toEqual({ eventType: type, version: 3 });
    }
    expect(new Set(PUBLISHED_EVENT_TYPES.map((type) => cloudEventTypeOf(type, 1))).size).toBe(PUBLISHED_EVENT_TYPES.length);
    expect(parseCloudEventType('LeadCaptured')).toBeUndefined();
    expect(parseCloudEventType('com.example.lead.captured.v1')).toBeUndefined();
    expect(parseCloudEventType('io.leadline.lead.captured')).toBeUndefined();
  });

  it('refuses a name it cannot spell', () => {
    expect(() => cloudEventTypeOf('lead_captured', 1)).toThrow(/PascalCase/);
  });
});
