import { Reflector } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { IntakeRateLimitGuard } from './intake-rate-limit';

/** The guard's tracker, the key its budget is counted under. */
class TrackerProbe extends IntakeRateLimitGuard {
  trackerOf(req: Record<string, unknown>): Promise<string> {
    return this.getTracker(req);
  }
}

describe('the intake rate limit counts per caller', () => {
  const guard = new TrackerProbe({ throttlers: [] }, new ThrottlerStorageService(), new Reflector());

  it('by the authenticated caller (API key or token subject) and its address, when the auth guard put one on the request', async () => {
    expect(await guard.trackerOf({ ip: '203.0.113.7', principal: { kind: 'api-key', id: 'k-1' } })).toBe('api-key:k-1@203.0.113.7');
    expect(await guard.trackerOf({ ip: '203.0.113.7', principal: { kind: 'token', id: 'auth0|42' } })).toBe('token:auth0|42@203.0.113.7');
    expect(await guard.trackerOf({ ip: '203.0.113.7', user: { id: 'k-2' } })).toBe('caller:k-2@203.0.113.7');
    // One web form's intake key, two visitors: two budgets.
    const visitor = (ip: string) => guard.trackerOf({ ip, principal: { kind: 'api-key', id: 'form' } });
    expect(await visitor('198.51.100.1')).not.toBe(await visitor('198.51.100.2'));
  });

  it('by the client address otherwise, IPv6 clients by their /64', async () => {
    expect(await guard.trackerOf({ ip: '203.0.113.7' })).toBe('address:203.0.113.7');
    expect(await guard.trackerOf({ ip: '203.0.113.7', principal: { id: '' } })).toBe('address:203.0.113.7');
    expect(await guard.trackerOf({ ip: '2001:db8:1:2:aaaa::1' })).toBe(await guard.trackerOf({ ip: '2001:db8:1:2:bbbb::9' }));
    expect(await guard.trackerOf({ ip: '2001:db8:1:2::1' })).not.toBe(await guard.trackerOf({ ip: '2001:db8:1:3::1' }));
  });
});
