import { ApiProperty } from '@nestjs/swagger';

/** A customer manager as registered. */
export class CustomerManagerStateDto {
  @ApiProperty({ enum: ['registered'] }) readonly status!: 'registered';
  @ApiProperty({ example: 'mia' }) readonly managerId!: string;
  @ApiProperty({ example: 'Mia Wong' }) readonly name!: string;
  @ApiProperty({ example: 'mia@example.com' }) readonly email!: string;
  @ApiProperty({ type: [String], example: ['smb'], description: "Segments served; '*' serves every segment." })
  readonly segments!: readonly string[];
  @ApiProperty({ example: 150 }) readonly capacity!: number;
  @ApiProperty({ example: '2026-12-01T08:00:00.000Z' }) readonly registeredAt!: string;
}

/** A customer manager on the roster with their client count. */
export class ManagerEntryDto {
  @ApiProperty({ example: 'mia' }) readonly managerId!: string;
  @ApiProperty({ example: 'Mia Wong' }) readonly name!: string;
  @ApiProperty({ example: 'mia@example.com' }) readonly email!: string;
  @ApiProperty({ type: [String], example: ['smb'] }) readonly segments!: readonly string[];
  @ApiProperty({ example: 150 }) readonly capacity!: number;
  @ApiProperty({ example: 87, description: 'Active (not churned) customers they own now.' }) readonly clients!: number;
  @ApiProperty({ example: '2026-12-01T08:00:00.000Z' }) readonly registeredAt!: string;
}
