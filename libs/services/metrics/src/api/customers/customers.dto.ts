import { ApiProperty } from '@nestjs/swagger';
import { WindowAnswerDto } from '../common/answer.dto';
import { WindowQueryDto } from '../common/query.dto';

export class CustomersQueryDto extends WindowQueryDto {}

export class CustomerMonthDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty() customersAtStart!: number;
  @ApiProperty() newCustomers!: number;
  @ApiProperty() churned!: number;
  @ApiProperty() customersAtEnd!: number;
  @ApiProperty() renewals!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'churned / customers at the start' }) churnRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'renewals / (renewals + churned)' }) renewalRate!: number | null;
}

export class LifetimeValueDto {
  @ApiProperty({ enum: ['all', 'segment'] }) level!: string;
  @ApiProperty({ type: String, nullable: true }) segment!: string | null;
  @ApiProperty() customers!: number;
  @ApiProperty() renewals!: number;
  @ApiProperty() churned!: number;
  @ApiProperty({ description: 'First contract + renewals + won upsells so far, per customer' }) avgRealizedLtv!: number;
  @ApiProperty() avgContractValue!: number;
  @ApiProperty({ type: Number, nullable: true }) churnShare!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Average contract value / churn share' }) predictedLtv!: number | null;
}

export class CacDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'Spend recorded for the month by asOf' }) spend!: number;
  @ApiProperty() newCustomers!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'spend / new customers' }) cac!: number | null;
  @ApiProperty() qualifiedLeads!: number;
  @ApiProperty({ type: Number, nullable: true }) costPerQualifiedLead!: number | null;
}

export class CustomerManagerDto {
  @ApiProperty() managerId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ description: 'Clients as of asOf' }) clients!: number;
  @ApiProperty() renewals!: number;
  @ApiProperty() churns!: number;
  @ApiProperty({ type: Number, nullable: true }) renewalRate!: number | null;
}

export class CustomersDto extends WindowAnswerDto {
  @ApiProperty({ type: [CustomerMonthDto], description: 'Renewal and churn rate per month of the window' }) months!: CustomerMonthDto[];
  @ApiProperty({ type: [LifetimeValueDto], description: 'LTV as of asOf, overall and per segment' }) lifetimeValue!: LifetimeValueDto[];
  @ApiProperty({ type: [CacDto], description: 'CAC from recorded spend per month and currency' }) cac!: CacDto[];
  @ApiProperty({ type: [CustomerManagerDto], description: 'Clients and renewal rate per customer manager' })
  managers!: CustomerManagerDto[];
}
