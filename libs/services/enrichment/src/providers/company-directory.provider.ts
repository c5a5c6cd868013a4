import type { LeadCaptured, PartialFirmographics } from '@leadline/domain';
import { emailDomain } from '@leadline/domain';
import type { EnrichmentContext, EnrichmentProvider } from './enrichment-provider.port';

interface CompanyRow {
  name: string | null;
  headcount: number | null;
  annual_revenue: string | null;
  industry: string | null;
  technologies: string[] | null;
}

/** The built-in provider: `enrichment.companies`, imported from CSV by tools/import-companies. */
export class CompanyDirectoryProvider implements EnrichmentProvider {
  readonly name = 'company-directory';

  async enrich(lead: LeadCaptured['data'], { tx }: EnrichmentContext): Promise<PartialFirmographics | null> {
    const domain = lead.company.domain ?? emailDomain(lead.contact.email);
    if (!domain) return null;
    // A savepoint, so a failed lookup does not abort the handler's transaction: the lead flows on.
    await tx.query('savepoint company_directory');
    let row: CompanyRow | undefined;
    try {
      const { rows } = await tx.query<CompanyRow>(
        'select name, headcount, annual_revenue::text as annual_revenue, industry, technologies from enrichment.companies where domain = $1',
        [domain.toLowerCase()],
      );
      row = rows[0];
      await tx.query('release savepoint company_directory');
    } catch (error) {
      await tx.query('rollback to savepoint company_directory');
      throw error;
    }
    if (!row) return null;
    return {
      headcount: row.headcount,
      annualRevenue: row.annual_revenue === null ? null : Number(row.annual_revenue),
      industry: row.industry,
      technologies: row.technologies ?? [],
    };
  }
}
