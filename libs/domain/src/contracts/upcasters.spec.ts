import { EVENT_CONTRACTS, type EventContract } from './event-contracts';
import { EVENT_UPCASTERS, missingUpcasters } from './upcasters';

describe('upcasters of the published event types', () => {
  it('cover every version step of every published event type (a new version needs its upcaster)', () => {
    expect(missingUpcasters(EVENT_CONTRACTS as Record<string, EventContract>, EVENT_UPCASTERS)).toEqual([]);
  });

  it('name each step a catalog needs and lacks', () => {
    const at = (version: number) => ({ ...EVENT_CONTRACTS.LeadAssigned, version }) as EventContract;
    const catalog = { LeadAssigned: at(3), LeadCaptured: at(1) };
    const one = [{ type: 'LeadAssigned', fromVersion: 1, upcast: (data: unknown) => data }];
    expect(missingUpcasters(catalog, one)).toEqual(['LeadAssigned v2 → v3']);
    expect(missingUpcasters(catalog, [])).toEqual(['LeadAssigned v1 → v2', 'LeadAssigned v2 → v3']);
  });
});
