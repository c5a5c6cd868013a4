/** Scoring's events, on `score-<leadId>`; their metadata carries the lead id. */

export type Grade = 'A' | 'B' | 'C' | 'F';
export type LeadScored = {
  type: 'LeadScored';
  data: {
    leadId: string;
    modelId: string;
    modelVersion: number;
    score: number;
    grade: Grade;
    /** Top contributions, largest first, in words a rep trusts. */
    reasons: readonly string[];
    /** The feature values the model used, so a score can be explained and back-tested. */
    features: Readonly<Record<string, string | number | boolean | null>>;
    scoredAt: string;
  };
};
export type LeadSentToRecyclePool = { type: 'LeadSentToRecyclePool'; data: { leadId: string; reason: string; at: string } };
