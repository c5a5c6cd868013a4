import { ApiProperty } from '@nestjs/swagger';

const time = (example: string | null, description?: string) => ({ type: String, nullable: true, example, description });

export class CustomerManagerRefDto {
  @ApiProperty({ example: 'mia' }) readonly managerId!: string;
  @ApiProperty(time('Mia Wong')) readonly name!: string | null;
  @ApiProperty(time('mia@example.com')) readonly email!: string | null;
}

export class RenewalWindowDto {
  @ApiProperty({ example: 90 }) readonly daysBefore!: number;
  @ApiProperty({ example: '2027-12-01' }) readonly renewalDate!: string;
  @ApiProperty({ example: '2027-09-02T00:00:00.000Z', description: 'When it opened (or, pending, is due).' }) readonly at!: string;
}

export class PendingWindowDto {
  @ApiProperty({ example: 30 }) readonly daysBefore!: number;
  @ApiProperty({ example: '2027-12-01' }) readonly renewalDate!: string;
  @ApiProperty({ example: '2027-11-01T00:00:00.000Z' }) readonly dueAt!: string;
}

export class RenewalDto {
  @ApiProperty({ example: '2027-12-01' }) readonly previousRenewalDate!: string;
  @ApiProperty({ example: '2028-12-01' }) readonly newRenewalDate!: string;
  @ApiProperty({ example: 26000 }) readonly amount!: number;
  @ApiProperty({ example: '2027-11-15T10:00:00.000Z' }) readonly at!: string;
}

export class UpsellDto {
  @ApiProperty({ example: 'upsell-seats-50' }) readonly upsellId!: string;
  @ApiProperty({ example: 'fifty more seats' }) readonly description!: string;
  @ApiProperty({ example: 'bd-bo' }) readonly handedTo!: string;
  @ApiProperty({ example: '2027-02-01T10:00:00.000Z' }) readonly openedAt!: string;
  @ApiProperty({ enum: ['open', 'won', 'lost'] }) readonly status!: string;
  @ApiProperty({ type: Number, nullable: true, example: null }) readonly amount!: number | null;
  @ApiProperty(time(null)) readonly closedAt!: string | null;
}

export class ChurnDto {
  @ApiProperty({ example: 'budget cut' }) readonly reason!: string;
  @ApiProperty({ example: '2028-01-10T10:00:00.000Z' }) readonly at!: string;
}

/** A customer: owner, renewal windows, renewals, upsells and churn. */
export class CustomerViewDto {
  @ApiProperty({ example: 'cust-0b8f9c1e' }) readonly customerId!: string;
  @ApiProperty({ example: '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10' }) readonly leadId!: string;
  @ApiProperty({ example: 'opp-3e9b2c71' }) readonly opportunityId!: string;
  @ApiProperty(time('mid-market')) readonly segment!: string | null;
  @ApiProperty({ example: 24000 }) readonly amount!: number;
  @ApiProperty({ enum: ['active', 'churned'] }) readonly status!: string;
  @ApiProperty({ type: CustomerManagerRefDto, nullable: true }) readonly manager!: CustomerManagerRefDto | null;
  @ApiProperty({ example: '2027-12-01' }) readonly renewalDate!: string;
  @ApiProperty(time('2026-12-20T10:00:00.000Z')) readonly onboardedAt!: string | null;
  @ApiProperty({ type: [RenewalWindowDto] }) readonly windowsOpened!: readonly RenewalWindowDto[];
  @ApiProperty({ type: [RenewalDto] }) readonly renewals!: readonly RenewalDto[];
  @ApiProperty({ type: [UpsellDto] }) readonly upsells!: readonly UpsellDto[];
  @ApiProperty({ type: ChurnDto, nullable: true }) readonly churn!: ChurnDto | null;
  @ApiProperty({ type: [PendingWindowDto] }) readonly pendingWindows!: readonly PendingWindowDto[];
  @ApiProperty({ example: '2026-12-11T09:00:00.000Z' }) readonly createdAt!: string;
}
