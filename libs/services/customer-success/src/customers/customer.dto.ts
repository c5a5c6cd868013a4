import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsNumber, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';

export class RenewCustomerDto {
  @ApiProperty({ example: '2028-03-01T00:00:00.000Z', description: 'Must be after the current renewal date' })
  @IsISO8601({ strict: true })
  newRenewalDate!: string;

  @ApiProperty({ example: 26000 }) @IsNumber() @Min(0) amount!: number;
}

export class ChurnCustomerDto {
  @ApiProperty({ example: 'budget cut' }) @IsString() @MinLength(1) @MaxLength(1000) reason!: string;
}

export class OpenUpsellDto {
  @ApiPropertyOptional({ description: 'Generated when absent', example: 'upsell-seats-50' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/)
  upsellId?: string;

  @ApiProperty({ example: 'fifty more seats' }) @IsString() @MinLength(1) @MaxLength(1000) description!: string;

  @ApiProperty({ example: 'bd-bo', description: 'The business-development rep the upsell is handed to' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  handedTo!: string;
}

export class CloseUpsellDto {
  @ApiProperty({ example: true }) @IsBoolean() won!: boolean;

  @ApiPropertyOptional({ description: 'Required (> 0) when won', example: 12000 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  amount?: number;
}
