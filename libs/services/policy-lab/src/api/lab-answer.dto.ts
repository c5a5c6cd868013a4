import { ApiProperty } from '@nestjs/swagger';

const SCORING_REPORT_EXAMPLE = {
  leads: 1500,
  models: [{ modelId: 'leadline-icp', version: 1, role: 'active', qualification: { auc: 0.651, liftTopDecile: 1.73 } }],
  comparisons: [{ candidate: { modelId: 'leadline-icp', version: 2 }, aucDelta: { qualification: 0.133, won: 0.12 } }],
};

/** A lab report: its Markdown and the JSON it was made from. */
export class ReportAnswerDto {
  @ApiProperty({ example: 'Scoring back-test' })
  readonly title!: string;

  @ApiProperty({
    example:
      '# Scoring back-test\n\n## Verdict\n- leadline-icp v2 ranks qualified leads better than the active model: AUC 0.785 vs 0.651 (+0.133).',
  })
  readonly markdown!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: SCORING_REPORT_EXAMPLE,
    description: 'The report as data (docs/policy-lab.md, "How each part works").',
  })
  readonly report!: object;
}

export class TrainedModelAnswerDto extends ReportAnswerDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The learned model as a new ICP model version (the format of GET /scoring/models/current).',
    example: { modelId: 'leadline-icp', version: 3, weights: { buyingAuthority: 30, industryFit: 40, leadSource: 30 } },
  })
  readonly model!: object;
}

export class PreviewAnswerDto {
  @ApiProperty({ example: '2026-12-04T18:40:00.000Z' })
  readonly at!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What LeadScored would record: score, grade, reasons, features, model id and version.',
    example: {
      leadId: 'preview',
      modelId: 'leadline-icp',
      modelVersion: 1,
      score: 88,
      grade: 'A',
      reasons: ['vp title, can sign the purchase (+23)'],
    },
  })
  readonly score!: object;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '`assigned` with the decision and its explanation, `waiting` with why nobody is eligible, or `not-routed` (grade F).',
    example: {
      outcome: 'assigned',
      explanation:
        'sdr-ina got the lead under inbound-on-shift-fewest-open v1: tied on load and waited longest since the last assignment among 3 eligible',
    },
  })
  readonly routing!: object;
}
