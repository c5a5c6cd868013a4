import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsEmail, IsInt, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class RegisterCustomerManagerDto {
  @ApiPropertyOptional({ example: 'mia', description: 'Generated when absent' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/)
  managerId?: string;

  @ApiProperty({ example: 'Mia Wong' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: 'mia@example.com' }) @IsEmail() email!: string;

  @ApiProperty({ example: ['smb'], description: "Segments served; '*' serves every segment" })
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  segments!: string[];

  @ApiPropertyOptional({ default: 150, description: 'Clients, within CS_MANAGER_CAPACITY_MIN..MAX (100-150 by default)' })
  @IsOptional()
  @IsInt()
  capacity?: number;
}
