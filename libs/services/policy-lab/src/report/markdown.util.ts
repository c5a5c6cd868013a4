/** A Markdown table; cells are written as given (pipes escaped). */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (v: string | number) => String(v).replace(/\|/g, '\\|');
  return [
    `| ${headers.map(cell).join(' | ')} |`,
    `| ${headers.map((_h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

export const pct = (v: number | null, digits = 1): string => (v === null ? 'n/a' : `${(v * 100).toFixed(digits)} %`);
export const num = (v: number | null, digits = 3): string => (v === null ? 'n/a' : v.toFixed(digits));
export const int = (v: number): string => v.toLocaleString('en-US');
