import { ApiProperty } from '@nestjs/swagger';

const STATUSES = ['new', 'sampling', 'approved', 'rejected'];

/** A vendor after a command, with the events it recorded. */
export class VendorOutcomeDto {
  @ApiProperty({ example: 'vendor-datacorp' }) readonly vendorId!: string;
  @ApiProperty({ enum: STATUSES }) readonly status!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'The events recorded (`{ type, data }`): VendorListReceived, VendorApproved, VendorRejected, …',
    example: [{ type: 'VendorListReceived', data: { vendorId: 'vendor-datacorp', listId: 'list-2026-12', sampleSize: 50 } }],
  })
  readonly events!: readonly Record<string, unknown>[];
}

/** A vendor's standing: its sample's conversions, its leads by status and the recorded decision. */
export class VendorViewDto {
  @ApiProperty({ example: 'vendor-datacorp' }) readonly vendorId!: string;
  @ApiProperty({ enum: STATUSES }) readonly status!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { size: 50, conversions: 3 } })
  readonly sample!: Readonly<Record<string, number>>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { released: 50, held: 950 } })
  readonly leads!: Readonly<Record<string, number>>;

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: "The decision's data once decided (sample against the approved vendors' history).",
    example: null,
  })
  readonly decision!: Record<string, unknown> | null;
}
