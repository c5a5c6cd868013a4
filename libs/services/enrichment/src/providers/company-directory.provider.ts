import type { LeadCaptured, PartialFirmographics } from '@leadline/domain';
import { emailDomain } from '@leadline/domain';
import type { EnrichmentContext, EnrichmentProvider } from './enrichment-provider.port';

interface CompanyRow {
  domain: string;
  name: string | null;
  headcount: number | null;
  annual_revenue: string | null;
  industry: string | null;
  technologies: string[] | null;
}

/** The built-in provider: `enrichment.companies`, imported from CSV by tools/import-companies. */
export class CompanyDirectoryProvider implements EnrichmentProvider {
  readonly name = 'company-directory';

  async enrich(lead: LeadCaptured['data'], ctx: EnrichmentContext): Promise<PartialFirmographics | null> {
    return (await this.enrichMany([lead], ctx))[0];
  }

  /** Every lead's company in one lookup by domain (the company's, else the email's). */
  async enrichMany(leads: readonly LeadCaptured['data'][], { tx }: EnrichmentContext): Promise<(PartialFirmographics | null)[]> {
    const domains = leads.map((lead) => (lead.company.domain ?? emailDomain(lead.contact.email))?.toLowerCase() ?? null);
    const wanted = [...new Set(domains.filter((domain): domain is string => domain !== null))];
    if (wanted.length === 0) return leads.map(() => null);
    // One savepoint for the lookup, so a failed one does not abort the handler's transaction: the leads flow on. The
    // savepoint, the lookup and the release are issued together (one round trip in pg's pipeline mode, as BEGIN and
    // a delivery's first statements are); a failed lookup fails the release behind it, and the rollback follows.
    const saved = tx.query('savepoint company_directory');
    const looked = tx.query<CompanyRow>(
      `select domain, name, headcount, annual_revenue::text as annual_revenue, industry, technologies
       from enrichment.companies where domain = any($1::text[])`,
      [wanted],
    );
    const released = tx.query('release savepoint company_directory');
    const settled = Promise.allSettled([saved, looked, released]);
    let rows: CompanyRow[];
    try {
      await saved;
    } catch (error) {
      // No savepoint (the transaction had failed already): nothing to roll back to; the statements behind it failed too.
      await settled;
      throw error;
    }
    try {
      ({ rows } = await looked);
      await released;
    } catch (error) {
      await settled;
      await tx.query('rollback to savepoint company_directory');
      throw error;
    }
    const byDomain = new Map(rows.map((row) => [row.domain, row]));
    return domains.map((domain) => {
      const row = domain === null ? undefined : byDomain.get(domain);
      if (!row) return null;
      return {
        headcount: row.headcount,
        annualRevenue: row.annual_revenue === null ? null : Number(row.annual_revenue),
        industry: row.industry,
        technologies: row.technologies ?? [],
      };
    });
  }
}
