/**
 * How well a score ranks leads that converted above those that did not. Pure arithmetic over
 * (score, label) pairs; null where a measure is undefined (no positives or no negatives).
 */

/** ROC AUC by the Mann-Whitney U statistic, ties counted half (mid-ranks). */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number | null {
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const order = scores.map((score, i) => ({ score, positive: labels[i] })).sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j].score === order[i].score) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (order[k].positive) rankSum += midRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * The conversion rate among the top `share` of leads by score, divided by the overall rate. Leads
 * tied at the cut count by their share of the remaining places, so the order of ties never matters.
 */
export function liftAtTop(scores: readonly number[], labels: readonly boolean[], share = 0.1): number | null {
  const n = scores.length;
  const base = labels.filter(Boolean).length / n;
  if (n === 0 || base === 0) return null;
  const places = Math.max(1, Math.ceil(n * share));
  const byScore = new Map<number, { n: number; positives: number }>();
  scores.forEach((s, i) => {
    const group = byScore.get(s) ?? { n: 0, positives: 0 };
    byScore.set(s, { n: group.n + 1, positives: group.positives + (labels[i] ? 1 : 0) });
  });
  let taken = 0;
  let positives = 0;
  for (const score of [...byScore.keys()].sort((a, b) => b - a)) {
    const group = byScore.get(score) ?? { n: 0, positives: 0 };
    const take = Math.min(group.n, places - taken);
    positives += (group.positives * take) / group.n;
    taken += take;
    if (taken >= places) break;
  }
  return positives / places / base;
}

export interface CalibrationRow {
  /** Score band [from, to); the last band includes 100. */
  readonly from: number;
  readonly to: number;
  readonly leads: number;
  readonly meanScore: number | null;
  readonly qualifiedRate: number | null;
  readonly winRate: number | null;
}

/** Observed qualification and win rates per 10-point score band: does a higher score mean a likelier conversion? */
export function calibrationTable(scores: readonly number[], qualified: readonly boolean[], won: readonly boolean[]): CalibrationRow[] {
  return Array.from({ length: 10 }, (_v, band) => {
    const from = band * 10;
    const to = from + 10;
    const members = scores.flatMap((s, i) => ((s >= from && s < to) || (band === 9 && s === 100) ? [i] : []));
    const rate = (labels: readonly boolean[]) => (members.length === 0 ? null : members.filter((i) => labels[i]).length / members.length);
    const meanScore = members.length === 0 ? null : members.reduce((sum, i) => sum + scores[i], 0) / members.length;
    return { from, to, leads: members.length, meanScore, qualifiedRate: rate(qualified), winRate: rate(won) };
  });
}
