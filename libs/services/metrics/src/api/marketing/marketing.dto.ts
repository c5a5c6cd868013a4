import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { WindowAnswerDto } from '../common/answer.dto';
import { idFilter, oneOf, WindowQueryDto } from '../common/query.dto';

export class SourcesQueryDto extends WindowQueryDto {
  @oneOf(['source', 'vendor'], 'Group by lead source or by list vendor', 'source') by?: 'source' | 'vendor';
}

export class SourceQualityRowDto {
  @ApiProperty({ example: 'vendor-datacorp', description: 'The source, or the vendor id' }) groupKey!: string;
  @ApiProperty({ example: 400 }) leads!: number;
  @ApiProperty({ example: 12, description: 'Duplicate captures it sent in the window' }) duplicates!: number;
  @ApiProperty({ example: 24 }) opportunities!: number;
  @ApiProperty({ example: 6 }) won!: number;
  @ApiProperty({ example: 0.07, type: Number, nullable: true }) leadToOpportunityRate!: number | null;
  @ApiProperty({ example: 0.24, type: Number, nullable: true }) closeRate!: number | null;
  @ApiProperty({ example: 2400, description: 'Leads of every other group captured before the window' }) baselineLeads!: number;
  @ApiProperty({ example: 144 }) baselineOpportunities!: number;
  @ApiProperty({ example: 30 }) baselineWon!: number;
  @ApiProperty({ example: 0.06, type: Number, nullable: true }) baselineLeadToOpportunityRate!: number | null;
  @ApiProperty({ example: 0.21, type: Number, nullable: true, description: 'The historical close rate it is held against' })
  baselineCloseRate!: number | null;
}

export class SourceQualityDto extends WindowAnswerDto {
  @ApiProperty({ enum: ['source', 'vendor'] }) by!: string;
  @ApiProperty({ type: [SourceQualityRowDto] }) rows!: SourceQualityRowDto[];
}

export class CampaignsQueryDto extends WindowQueryDto {
  @idFilter('campaignId') campaignId?: string;
}

export class CampaignRowDto {
  @ApiProperty({ example: 'webinar-q4' }) campaignId!: string;
  @ApiProperty({ example: 400 }) leads!: number;
  @ApiProperty({ example: 250 }) touches!: number;
  @ApiProperty({ example: 180, description: 'Leads with any activity' }) attempted!: number;
  @ApiProperty({ example: 86, description: 'Leads with a conversation' }) reached!: number;
  @ApiProperty({ example: 30 }) positive!: number;
  @ApiProperty({ example: 20 }) negative!: number;
  @ApiProperty({ example: 12 }) callback!: number;
  @ApiProperty({ example: 6 }) won!: number;
  @ApiProperty({ example: 0.48, type: Number, nullable: true, description: 'reached / attempted' }) reachRate!: number | null;
  @ApiProperty({ example: 0.17, type: Number, nullable: true, description: 'positive / reached' }) positiveReachRate!: number | null;
  @ApiProperty({ example: 0.11, type: Number, nullable: true }) negativeReachRate!: number | null;
  @ApiProperty({ example: 0.07, type: Number, nullable: true }) callbackRate!: number | null;
  @ApiProperty({ example: 0.24, description: 'won / leads' }) closeRate!: number;
}

export class CampaignsDto extends WindowAnswerDto {
  @ApiProperty({ type: [CampaignRowDto] }) rows!: CampaignRowDto[];
}

const LABEL = '[A-Za-z0-9][A-Za-z0-9_.-]{0,99}';
const AMOUNT = '\\d{1,12}(\\.\\d{1,4})?';
export const QUOTAS = new RegExp(`^${LABEL}:${AMOUNT}(,${LABEL}:${AMOUNT})*$`);
export const LEAD_VALUES = new RegExp(`^${LABEL}/${LABEL}:${AMOUNT}(,${LABEL}/${LABEL}:${AMOUNT})*$`);

export class MarketingSlaQueryDto extends WindowQueryDto {
  @ApiPropertyOptional({
    description: 'Implied lead value marketing owes per segment for the window, `segment:amount` comma-separated',
    example: 'smb:50000,enterprise:200000',
  })
  @IsOptional()
  @Matches(QUOTAS, { message: 'quotas must be segment:amount pairs, comma-separated (smb:50000,enterprise:200000)' })
  quotas?: string;

  @ApiPropertyOptional({
    description:
      'Configured value of one lead per segment and lead type, `segment/source:value`, replacing the value learnt from history (P(close) × average deal size)',
    example: 'smb/demo-request:1200',
  })
  @IsOptional()
  @Matches(LEAD_VALUES, { message: 'leadValues must be segment/source:value entries, comma-separated (smb/demo-request:1200)' })
  leadValues?: string;
}

export class SegmentSlaDto {
  @ApiProperty({ example: 'mid-market', type: String, nullable: true }) segment!: string | null;
  @ApiProperty({ example: 400 }) leads!: number;
  @ApiProperty({ example: 124000, description: 'Σ leads × value per lead' }) impliedValue!: number;
  @ApiProperty({ example: 150000, type: Number, nullable: true }) quota!: number | null;
  @ApiProperty({ example: 0.82, type: Number, nullable: true, description: 'impliedValue / quota' }) attainment!: number | null;
  @ApiProperty({ example: 110 }) qualifiedLeads!: number;
  @ApiProperty({ example: 68000 }) qualifiedValue!: number;
}

export class LeadValueDto {
  @ApiProperty({ example: 'mid-market', type: String, nullable: true }) segment!: string | null;
  @ApiProperty({ example: 'inbound-web', type: String, nullable: true }) source!: string | null;
  @ApiProperty({ example: 1800 }) historyLeads!: number;
  @ApiProperty({ example: 36 }) historyWon!: number;
  @ApiProperty({ example: 0.02, type: Number, nullable: true, description: 'P(close | segment, lead type) from history' }) pWon!:
    number | null;
  @ApiProperty({ example: 31000, type: Number, nullable: true }) avgDealSize!: number | null;
  @ApiProperty({ example: null, type: Number, nullable: true }) configuredValue!: number | null;
  @ApiProperty({ example: 310, type: Number, nullable: true }) valuePerLead!: number | null;
  @ApiProperty({ enum: ['configuration', 'history', 'none'] }) basis!: string;
  @ApiProperty({ example: 400 }) leads!: number;
  @ApiProperty({ example: 110 }) qualified!: number;
  @ApiProperty({ example: 124000 }) impliedValue!: number;
  @ApiProperty({ example: 68000 }) qualifiedValue!: number;
}

export class MarketingSlaDto extends WindowAnswerDto {
  @ApiProperty({ type: [SegmentSlaDto] }) segments!: SegmentSlaDto[];
  @ApiProperty({ type: [LeadValueDto], description: 'How each (segment, lead type) was valued' }) leadValues!: LeadValueDto[];
}
