import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const APPOINTMENT = '3e9b2c71-5a4d-4f08-9c1e-6b7a8d9e0f12';
const LEAD = '0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10';
const STATUSES = ['none', 'offered', 'booked', 'held', 'cancelled', 'no-show', 'completed'];
const nullable = (example: string | null, description?: string) => ({ type: String, nullable: true, example, description });

/** A time an AE can run the demo. */
export class OfferedSlotDto {
  @ApiProperty({ example: 'ae-maria' }) readonly aeId!: string;
  @ApiProperty({ example: '2026-12-08T15:00:00.000Z' }) readonly start!: string;
  @ApiProperty({ example: '2026-12-08T15:30:00.000Z' }) readonly end!: string;
}

/** The slots offered to a qualified lead (SlotsOffered). */
export class SlotsOfferedDto {
  @ApiProperty({ example: APPOINTMENT }) readonly appointmentId!: string;
  @ApiProperty({ example: LEAD }) readonly leadId!: string;
  @ApiProperty({ type: [OfferedSlotDto] }) readonly slots!: readonly OfferedSlotDto[];
}

/** An appointment's fields common to its state and its calendar row. */
class AppointmentBaseDto {
  @ApiProperty({ enum: STATUSES }) readonly status!: string;
  @ApiProperty(nullable('ae-maria')) readonly aeId!: string | null;
  @ApiProperty(nullable(null, 'The sales engineer attending, when the segment needs one.')) readonly salesEngineerId!: string | null;
  @ApiProperty(nullable('2026-12-08T15:00:00.000Z')) readonly start!: string | null;
  @ApiProperty(nullable('2026-12-08T15:30:00.000Z')) readonly end!: string | null;
  @ApiProperty(nullable('2026-12', 'Month (YYYY-MM) of the first-appointment credit.')) readonly creditMonth!: string | null;
  @ApiProperty({ example: true, description: 'Whether the credit is live.' }) readonly credited!: boolean;
}

/** An appointment after a command. */
export class AppointmentStateDto extends AppointmentBaseDto {
  @ApiProperty(nullable(APPOINTMENT)) readonly appointmentId!: string | null;
  @ApiProperty(nullable(LEAD)) readonly leadId!: string | null;
  @ApiProperty({ type: [OfferedSlotDto] }) readonly offered!: readonly OfferedSlotDto[];
}

/** An appointment in the calendar read model. */
export class AppointmentRowDto extends AppointmentBaseDto {
  @ApiProperty({ example: APPOINTMENT }) readonly appointmentId!: string;
  @ApiProperty({ example: LEAD }) readonly leadId!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['strict', 'flexible'] }) readonly mode!: string | null;
  @ApiProperty(nullable('mid-market')) readonly segment!: string | null;
  @ApiProperty({ type: [String], example: ['reminder-3e9b2c71-24h'] }) readonly reminderTimers!: readonly string[];
  @ApiProperty(nullable('2026-12-04T10:20:00.000Z')) readonly bookedAt!: string | null;
}

/** The booking as recorded (AppointmentBooked), with the fairness pool it was chosen from. */
export class AppointmentBookedDto {
  @ApiProperty({ example: APPOINTMENT }) readonly appointmentId!: string;
  @ApiProperty({ example: LEAD }) readonly leadId!: string;
  @ApiProperty({ example: 'ae-maria' }) readonly aeId!: string;
  @ApiProperty(nullable(null)) readonly salesEngineerId!: string | null;
  @ApiProperty({ example: '2026-12-08T15:00:00.000Z' }) readonly start!: string;
  @ApiProperty({ example: '2026-12-08T15:30:00.000Z' }) readonly end!: string;
  @ApiProperty({ enum: ['strict', 'flexible'] }) readonly mode!: string;
  @ApiProperty({ example: false, description: "Flexible mode: the prospect's first choice overrode equality." })
  readonly equalityTraded!: boolean;
  @ApiProperty({ example: '2026-12' }) readonly creditMonth!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'The AEs considered, with their month-to-date credits.',
    example: [{ aeId: 'ae-maria', monthToDate: 4 }],
  })
  readonly pool!: readonly Record<string, unknown>[];
  @ApiProperty({ example: 90210 }) readonly seed!: number;
  @ApiProperty({ example: 2 }) readonly policyVersion!: number;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The request as made (acceptable times, segment, roles), for back-tests.',
    example: { slots: ['2026-12-08T15:00:00.000Z'], segment: 'mid-market', roles: ['demo-guru'] },
  })
  readonly request?: Record<string, unknown>;
  @ApiProperty({ example: '2026-12-04T10:20:00.000Z' }) readonly at!: string;
}

/** The demo's outcome as recorded (DemoOutcomeRecorded). */
export class DemoOutcomeRecordedDto {
  @ApiProperty({ example: APPOINTMENT }) readonly appointmentId!: string;
  @ApiProperty({ example: LEAD }) readonly leadId!: string;
  @ApiProperty({ example: 'ae-maria' }) readonly aeId!: string;
  @ApiProperty({ example: true }) readonly movedForward!: boolean;
  @ApiProperty(nullable('hunter-1', 'The hunter the opportunity goes to, when it moved forward.')) readonly hunterId!: string | null;
  @ApiProperty(nullable('Wants a proposal for 40 seats')) readonly note!: string | null;
  @ApiProperty({ example: '2026-12-08T15:40:00.000Z' }) readonly at!: string;
}
