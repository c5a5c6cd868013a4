import { ConfigurationError } from '@leadline/platform';
import { loadAppointmentsConfig } from './appointments.config';

describe('appointments configuration', () => {
  it('defaults: demo guru 5 a day, hunter 2 and 150 open deals, 30-minute slots, reminders 24 h and 1 h, SE for enterprise, strict', () => {
    expect(loadAppointmentsConfig({})).toMatchObject({
      roster: { dailyCap: { 'demo-guru': 5, hunter: 2, 'sales-engineer': 5 }, hunterOpenDealsCap: 150 },
      slotMinutes: 30,
      reminderMinutes: [1440, 60],
      salesEngineerSegments: ['enterprise'],
      bookingRoles: ['demo-guru'],
      defaultMode: 'strict',
      fairnessOverrides: false,
    });
  });

  it('takes overrides and rejects bad values with every problem listed', () => {
    expect(loadAppointmentsConfig({ APPOINTMENTS_REMINDER_MINUTES: '60,2880', APPOINTMENTS_SLOT_MINUTES: '60' })).toMatchObject({
      reminderMinutes: [2880, 60],
      slotMinutes: 60,
    });
    expect(loadAppointmentsConfig({ APPOINTMENTS_ALLOW_FAIRNESS_OVERRIDE: 'true' }).fairnessOverrides).toBe(true);
    expect(() => loadAppointmentsConfig({ APPOINTMENTS_ALLOW_FAIRNESS_OVERRIDE: 'yes' })).toThrow(/APPOINTMENTS_ALLOW_FAIRNESS_OVERRIDE/);
    expect(() =>
      loadAppointmentsConfig({
        APPOINTMENTS_BOOKING_ROLES: 'closer',
        APPOINTMENTS_DEFAULT_MODE: 'loose',
        APPOINTMENTS_REMINDER_MINUTES: 'soon',
      }),
    ).toThrow(ConfigurationError);
    expect(() => loadAppointmentsConfig({ APPOINTMENTS_BOOKING_ROLES: 'closer', APPOINTMENTS_HUNTER_DAILY_CAP: '0' })).toThrow(
      /APPOINTMENTS_BOOKING_ROLES[\s\S]*APPOINTMENTS_HUNTER_DAILY_CAP/,
    );
  });
});
