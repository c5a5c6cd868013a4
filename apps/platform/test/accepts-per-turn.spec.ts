import { acceptsPerTurnFor, type ServiceDescriptor } from '@leadline/platform';
import { PLATFORM_SERVICES } from '../src/platform-services';

/**
 * Copies of the listening socket (HTTP_ACCEPTS_PER_TURN) cost every process a child process at start and an accept call
 * per copy while connections arrive; only a process that faces the public intake's bursts of new connections gains.
 */
describe('new connections accepted per event-loop turn, by the services a process runs', () => {
  const named = (name: string): ServiceDescriptor => {
    const service = PLATFORM_SERVICES.find((s) => s.name === name);
    if (!service) throw new Error(`no service ${name}`);
    return service;
  };
  const others = PLATFORM_SERVICES.filter((s) => s.name !== 'lead-intake');

  it('64 for lead-intake alone and for the embedded platform (every service, lead-intake among them)', () => {
    expect(acceptsPerTurnFor([named('lead-intake')], undefined)).toBe(64);
    expect(acceptsPerTurnFor(PLATFORM_SERVICES, undefined)).toBe(64);
    expect(acceptsPerTurnFor([named('enrichment'), named('lead-intake')], undefined)).toBe(64);
  });

  it.each(others.map((s) => s.name))('1 for %s alone', (name) => {
    expect(acceptsPerTurnFor([named(name)], undefined)).toBe(1);
  });

  it('1 for an embedded platform whose SERVICES leave lead-intake out', () => {
    expect(acceptsPerTurnFor(others, undefined)).toBe(1);
  });

  it('HTTP_ACCEPTS_PER_TURN, when set, is what every process takes', () => {
    expect(acceptsPerTurnFor([named('lead-intake')], 1)).toBe(1);
    expect(acceptsPerTurnFor([named('routing')], 16)).toBe(16);
    expect(acceptsPerTurnFor(PLATFORM_SERVICES, 128)).toBe(128);
  });
});
