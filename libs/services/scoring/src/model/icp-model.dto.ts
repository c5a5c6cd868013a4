import { ApiProperty } from '@nestjs/swagger';

const MAP = { type: 'object', additionalProperties: { type: 'number' } } as const;

/** The ICP model new leads are scored with (configuration, versioned). */
export class IcpModelDto {
  @ApiProperty({ example: 'icp-default' })
  readonly modelId!: string;

  @ApiProperty({ example: 3 })
  readonly version!: number;

  @ApiProperty({
    ...MAP,
    description: 'The most points each factor can give (they sum to 100).',
    example: { buyingAuthority: 25, headcountBand: 20, revenueBand: 15, industryFit: 15, technologyFit: 15, leadSource: 10 },
  })
  readonly weights!: Readonly<Record<string, number>>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Bands of headcount and annual revenue: each from `min` (inclusive), earning `fit` (0..1) of its weight.',
    example: {
      headcount: [
        { min: 0, fit: 0.2 },
        { min: 200, fit: 1 },
      ],
      annualRevenue: [
        { min: 0, fit: 0.1 },
        { min: 10000000, fit: 1 },
      ],
    },
  })
  readonly bands!: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Fits (0..1) of seniority, industries, technologies and lead sources; unlisted values fit 0.',
    example: {
      seniority: { 'c-level': 1, vp: 0.9 },
      industries: { software: 1 },
      technologies: { kubernetes: 0.8 },
      leadSources: { 'inbound-web': 1 },
    },
  })
  readonly fits!: Record<string, unknown>;

  @ApiProperty({ ...MAP, description: 'Minimum score (inclusive) of each grade; below C is F.', example: { A: 80, B: 60, C: 40 } })
  readonly thresholds!: Readonly<Record<string, number>>;
}
