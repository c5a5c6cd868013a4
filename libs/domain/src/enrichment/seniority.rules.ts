import type { Seniority } from './enrichment.events';

/**
 * Title → seniority. Order matters: the first level whose pattern matches wins, so
 * "VP of Engineering Management" is a VP, not a manager, and "Assistant to the CEO" is
 * caught by the assistant rule before the C-level one.
 */
const LEVELS: readonly (readonly [Seniority, RegExp])[] = [
  ['individual-contributor', /\b(assistant|intern|trainee|coordinator)\b/],
  ['c-level', /\b(c[a-z]o|chief|(?<!vice[- ])president|founder|co-?founder|owner|managing director|general manager)\b/],
  ['vp', /\b(vp|svp|evp|avp|vice[- ]president|head of)\b/],
  ['director', /\b(director|dir)\b/],
  ['manager', /\b(manager|mgr|lead|team lead|supervisor)\b/],
  [
    'individual-contributor',
    /\b(engineer|developer|analyst|specialist|consultant|representative|rep|designer|administrator|accountant|scientist|architect|officer|executive|agent|technician|writer|marketer|recruiter|buyer|planner)\b/,
  ],
];

export function seniorityOf(title: string | null | undefined): Seniority {
  const normalized = (title ?? '')
    .toLowerCase()
    .replace(/[.,/&()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (normalized === '') return 'unknown';
  for (const [level, pattern] of LEVELS) if (pattern.test(normalized)) return level;
  return 'unknown';
}

const AUTHORITY: ReadonlySet<Seniority> = new Set<Seniority>(['c-level', 'vp', 'director']);

/** Directors and above can usually pull the buying trigger; managers recommend, they do not sign. */
export function hasBuyingAuthority(seniority: Seniority): boolean {
  return AUTHORITY.has(seniority);
}
