import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { idFilter, PageQueryDto } from '../queries/metrics-query.dto';

export class LostDealsQueryDto extends PageQueryDto {
  @idFilter('aeId', 'Only deals lost by this account executive') aeId?: string;

  @ApiPropertyOptional({ description: 'Only deals lost for this reason (exact)', example: 'price' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason?: string;
}

export class LostDealDto {
  @ApiProperty() opportunityId!: string;
  @ApiProperty() leadId!: string;
  @ApiProperty({ description: 'The AE who owned the deal when it was lost' }) aeId!: string;
  @ApiProperty() openedAt!: string;
  @ApiProperty() lostAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'Hopeless leads go back to the lead database; the others to nurture' }) hopeless!: boolean;
  @ApiProperty({ description: 'Days from opened to lost' }) daysOpen!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The stage it was in when lost' }) lostInStage!: string | null;
  @ApiProperty({ type: String, nullable: true }) segment!: string | null;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ type: String, nullable: true }) vendorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) campaignId!: string | null;
}

export class LostReasonCountDto {
  @ApiProperty() reason!: string;
  @ApiProperty() deals!: number;
}

export class LostDealsDto {
  @ApiProperty() asOf!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ type: [LostReasonCountDto], description: 'Deals lost in the window per reason (all pages), most first' })
  byReason!: LostReasonCountDto[];
  @ApiProperty({ type: [LostDealDto], description: 'Newest first' }) rows!: LostDealDto[];
}
