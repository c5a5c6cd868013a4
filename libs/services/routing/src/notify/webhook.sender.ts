import { createHmac } from 'node:crypto';
import { ExponentialBackoff, handleAll, retry, type RetryPolicy } from 'cockatiel';
import type { WebhookConfig } from '../routing.config';

export const SIGNATURE_HEADER = 'x-leadline-signature';

/** `sha256=<hex HMAC-SHA256 of the raw body>` with the shared secret; receivers recompute and compare. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a signed JSON body; retries with exponential backoff on errors, timeouts and non-2xx answers. */
export class WebhookSender {
  private readonly policy: RetryPolicy;

  constructor(private readonly config: WebhookConfig) {
    this.policy = retry(handleAll, {
      maxAttempts: config.maxAttempts - 1,
      backoff: new ExponentialBackoff({ initialDelay: config.initialBackoffMs, maxDelay: 30_000 }),
    });
  }

  async send(eventId: string, payload: unknown): Promise<void> {
    const body = JSON.stringify(payload);
    await this.policy.execute(async () => {
      const response = await fetch(this.config.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signBody(this.config.secret, body),
          // Receivers dedupe on it: delivery is at least once.
          'x-leadline-event-id': eventId,
        },
        body,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    });
  }
}
