import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@leadline/platform';
import { loadRoutingConfig } from './routing.config';

describe('routing configuration', () => {
  it('defaults: no SMTP, no webhook, 5-minute SLA, reassign up to twice, 1 s timer poll, unrouted leads retried every minute, released vendor leads assigned 200 per transaction', () => {
    expect(loadRoutingConfig({})).toEqual({
      smtp: undefined,
      webhook: undefined,
      sla: { defaultMinutes: 5, overrides: {} },
      escalation: { onBreach: 'reassign', maxReassignments: 2 },
      timerPollMs: 1000,
      unroutedRetryMs: 60000,
      releaseChunk: 200,
    });
  });

  it('reads SMTP, webhook, SLA overrides and escalation', () => {
    const config = loadRoutingConfig({
      SMTP_HOST: 'mail.example',
      SMTP_PORT: '2525',
      SMTP_FROM: 'leads@example.com',
      ROUTING_WEBHOOK_URL: 'https://hooks.example/x',
      ROUTING_WEBHOOK_SECRET: '0123456789abcdef',
      ROUTING_SLA_MINUTES: '10',
      ROUTING_SLA_OVERRIDES: '{"demo-request/enterprise": 2, "content-download": 60}',
      ROUTING_ESCALATION: 'notify-manager',
    });
    expect(config).toMatchObject({
      smtp: { host: 'mail.example', port: 2525, from: 'leads@example.com', secure: false },
      webhook: { url: 'https://hooks.example/x', maxAttempts: 5, timeoutMs: 5000 },
      sla: { defaultMinutes: 10, overrides: { 'demo-request/enterprise': 2, 'content-download': 60 } },
      escalation: { onBreach: 'notify-manager' },
    });
  });

  it('reads the SMTP password and the webhook secret from mounted files (SMTP_PASSWORD_FILE, ROUTING_WEBHOOK_SECRET_FILE)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'routing-secrets-'));
    try {
      writeFileSync(join(dir, 'smtp'), 'mail-pass\n');
      writeFileSync(join(dir, 'webhook'), 'fedcba9876543210\n');
      const config = loadRoutingConfig({
        SMTP_HOST: 'mail.example',
        SMTP_FROM: 'leads@example.com',
        SMTP_PASSWORD_FILE: join(dir, 'smtp'),
        ROUTING_WEBHOOK_URL: 'https://hooks.example/x',
        ROUTING_WEBHOOK_SECRET_FILE: join(dir, 'webhook'),
      });
      expect(config.smtp?.password).toBe('mail-pass');
      expect(config.webhook?.secret).toBe('fedcba9876543210');
      expect(() => loadRoutingConfig({ ROUTING_WEBHOOK_SECRET_FILE: join(dir, 'absent') })).toThrow(
        /ROUTING_WEBHOOK_SECRET_FILE names a file/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['SMTP_HOST without SMTP_FROM', { SMTP_HOST: 'mail.example' }, /SMTP_FROM/],
    ['a bad SMTP port', { SMTP_HOST: 'h', SMTP_FROM: 'a@b.c', SMTP_PORT: '70000' }, /SMTP_PORT/],
    ['a webhook without a secret', { ROUTING_WEBHOOK_URL: 'http://x.example' }, /ROUTING_WEBHOOK_SECRET/],
    [
      'a webhook URL that is not http',
      { ROUTING_WEBHOOK_URL: 'ftp://x', ROUTING_WEBHOOK_SECRET: '0123456789abcdef' },
      /ROUTING_WEBHOOK_URL/,
    ],
    ['SLA overrides that are not JSON', { ROUTING_SLA_OVERRIDES: 'five' }, /ROUTING_SLA_OVERRIDES/],
    ['an SLA override for an unknown source', { ROUTING_SLA_OVERRIDES: '{"webform/smb": 3}' }, /unknown source or segment in webform\/smb/],
    ['a negative SLA override', { ROUTING_SLA_OVERRIDES: '{"smb": -1}' }, /ROUTING_SLA_OVERRIDES/],
    ['an unknown escalation', { ROUTING_ESCALATION: 'panic' }, /ROUTING_ESCALATION/],
    ['a zero SLA', { ROUTING_SLA_MINUTES: '0' }, /ROUTING_SLA_MINUTES/],
  ])('refuses to start with %s, naming the setting', (_rule, env, message) => {
    expect(() => loadRoutingConfig(env)).toThrow(ConfigurationError);
    expect(() => loadRoutingConfig(env)).toThrow(message);
  });
});
