import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleAll,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
  type CircuitState,
  type IPolicy,
} from 'cockatiel';
import type { LeadCaptured, PartialFirmographics } from '@leadline/domain';
import type { HttpProviderConfig } from '../enrichment.config';
import type { EnrichmentProvider } from './enrichment-provider.port';

export class HttpProviderError extends Error {
  override readonly name = 'HttpProviderError';
}

/**
 * A remote enrichment API: POST `{ leadId, domain, companyName, email, country }` as JSON; 200 with
 * `{ headcount?, annualRevenue?, industry?, technologies? }`, 404 when it knows nothing. Each
 * attempt has a timeout; failures are retried with exponential backoff; consecutive failures open
 * a circuit breaker that fails fast until it half-opens again. One instance per process, so the
 * breaker's state is shared by every lead.
 */
export class HttpEnrichmentProvider implements EnrichmentProvider {
  readonly name = 'http';
  private readonly breaker;
  private readonly policy: IPolicy;

  constructor(private readonly config: HttpProviderConfig) {
    this.breaker = circuitBreaker(handleAll, {
      halfOpenAfter: config.breakerHalfOpenMs,
      breaker: new ConsecutiveBreaker(config.breakerThreshold),
    });
    const retries = retry(
      handleWhen((error) => !(error instanceof BrokenCircuitError)),
      {
        maxAttempts: config.retries,
        backoff: new ExponentialBackoff({ initialDelay: config.backoffInitialMs, maxDelay: config.backoffInitialMs * 16 }),
      },
    );
    this.policy = wrap(retries, this.breaker, timeout(config.timeoutMs, TimeoutStrategy.Aggressive));
  }

  get circuitState(): CircuitState {
    return this.breaker.state;
  }

  async enrich(lead: LeadCaptured['data']): Promise<PartialFirmographics | null> {
    try {
      return await this.policy.execute(({ signal }) => this.call(lead, signal));
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw new HttpProviderError('circuit open: the provider failed repeatedly, not called');
      if (error instanceof TaskCancelledError) throw new HttpProviderError(`timed out after ${this.config.timeoutMs} ms`);
      throw error;
    }
  }

  private async call(lead: LeadCaptured['data'], signal: AbortSignal): Promise<PartialFirmographics | null> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.config.authHeader) headers[this.config.authHeader.name] = this.config.authHeader.value;
    const body = JSON.stringify({
      leadId: lead.leadId,
      domain: lead.company.domain,
      companyName: lead.company.name,
      email: lead.contact.email,
      country: lead.company.country,
    });
    let response: Response;
    try {
      response = await fetch(this.config.url, { method: 'POST', headers, body, signal });
    } catch (error) {
      if (signal.aborted) throw new HttpProviderError(`timed out after ${this.config.timeoutMs} ms`);
      throw new HttpProviderError(`request failed: ${(error as Error).message}`);
    }
    if (response.status === 404) return null;
    if (!response.ok) throw new HttpProviderError(`HTTP ${response.status}`);
    return firmographicsOf(await response.json());
  }
}

const num = (v: unknown): number | null | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : v === null ? null : undefined;

function firmographicsOf(body: unknown): PartialFirmographics {
  if (typeof body !== 'object' || body === null) throw new HttpProviderError('response is not a JSON object');
  const b = body as Record<string, unknown>;
  const technologies = Array.isArray(b['technologies']) ? b['technologies'].filter((t): t is string => typeof t === 'string') : undefined;
  const result: { -readonly [K in keyof PartialFirmographics]: PartialFirmographics[K] } = {};
  const headcount = num(b['headcount']);
  const annualRevenue = num(b['annualRevenue']);
  if (headcount !== undefined) result.headcount = headcount;
  if (annualRevenue !== undefined) result.annualRevenue = annualRevenue;
  if (typeof b['industry'] === 'string') result.industry = b['industry'];
  if (technologies) result.technologies = technologies;
  return result;
}
