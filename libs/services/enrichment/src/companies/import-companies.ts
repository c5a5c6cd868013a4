import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { SqlDatabase } from '@leadline/event-store';

export interface CompanyRecord {
  readonly domain: string;
  readonly name: string | null;
  readonly headcount: number | null;
  readonly annualRevenue: number | null;
  readonly industry: string | null;
  readonly technologies: readonly string[];
}

export interface ImportResult {
  readonly imported: number;
  readonly rejected: readonly { readonly line: number; readonly reason: string }[];
}

const BATCH = 200;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** `https://www.Acme.com/about` → `acme.com`. */
export function normaliseDomain(raw: string): string {
  return (
    raw
      .trim()
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, '')
      .replace(/^www\./, '')
      .split(/[/?#:]/)[0] ?? ''
  );
}

function amount(raw: string | undefined, field: string): number | null {
  const text = (raw ?? '').trim().replace(/[,_\s]/g, '');
  if (text === '') return null;
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`${field} must be a non-negative number (got ${JSON.stringify(raw)})`);
  return Number(text);
}

/** One CSV row (columns: domain, name, headcount, annual_revenue, industry, technologies separated by ; or |). */
export function companyOf(row: Readonly<Record<string, string | undefined>>): CompanyRecord {
  const domain = normaliseDomain(row['domain'] ?? '');
  if (!DOMAIN.test(domain)) throw new Error(`domain must be a domain name (got ${JSON.stringify(row['domain'] ?? '')})`);
  const headcount = amount(row['headcount'], 'headcount');
  if (headcount !== null && !Number.isInteger(headcount)) throw new Error('headcount must be a whole number');
  const text = (v: string | undefined) => (v?.trim() ? v.trim() : null);
  return {
    domain,
    name: text(row['name']),
    headcount,
    annualRevenue: amount(row['annual_revenue'], 'annual_revenue'),
    industry: text(row['industry'])?.toLowerCase() ?? null,
    technologies: [
      ...new Set(
        (row['technologies'] ?? '')
          .split(/[;|]/)
          .map((t) => t.trim().toLowerCase())
          .filter((t) => t !== ''),
      ),
    ],
  };
}

async function upsert(db: Pick<SqlDatabase, 'transaction'>, batch: readonly CompanyRecord[]): Promise<void> {
  const params: unknown[] = [];
  const rows = batch.map((c) => {
    params.push(c.domain, c.name, c.headcount, c.annualRevenue, c.industry, c.technologies);
    const n = params.length;
    return `($${n - 5}, $${n - 4}, $${n - 3}::integer, $${n - 2}::numeric, $${n - 1}, $${n}::text[])`;
  });
  await db.transaction((tx) =>
    tx.query(
      `insert into enrichment.companies (domain, name, headcount, annual_revenue, industry, technologies) values ${rows.join(', ')}
       on conflict (domain) do update set name = excluded.name, headcount = excluded.headcount, annual_revenue = excluded.annual_revenue,
         industry = excluded.industry, technologies = excluded.technologies`,
      params,
    ),
  );
}

/**
 * Streams a CSV into `enrichment.companies`, upserting by domain in batches; a row that repeats a
 * domain replaces it (last one wins). Bad rows are reported with their line number and skipped.
 */
export async function importCompanies(
  db: Pick<SqlDatabase, 'transaction'>,
  csv: Readable,
  onProgress: (imported: number) => void = () => undefined,
): Promise<ImportResult> {
  const parser = csv.pipe(
    parse({
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }),
  );
  const rejected: { line: number; reason: string }[] = [];
  let batch = new Map<string, CompanyRecord>();
  let imported = 0;
  const flush = async () => {
    if (batch.size === 0) return;
    await upsert(db, [...batch.values()]);
    imported += batch.size;
    batch = new Map();
    onProgress(imported);
  };
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    try {
      const company = companyOf(record);
      batch.set(company.domain, company);
    } catch (error) {
      rejected.push({ line: info.lines, reason: (error as Error).message });
    }
    if (batch.size >= BATCH) await flush();
  }
  await flush();
  return { imported, rejected };
}
