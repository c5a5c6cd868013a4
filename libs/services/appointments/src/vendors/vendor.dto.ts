import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, Matches } from 'class-validator';

/**
 * The most leads one `POST /vendors/{id}/lists` names, and how long a lead id may be: sized so the
 * largest list the DTO accepts fits the platform's JSON body limit (`INPUT_LIMITS.maxBodyBytes`,
 * 100 KiB; vendor.dto.spec.ts checks it), so a list is refused by this DTO with a 400 that says so,
 * never by the edge with a 413. A longer list is handed over as several lists (each its own list id).
 * It also bounds the events a list becomes: its VendorListReceived and VendorLeadsReleased share one
 * transaction and one Kafka partition, and routing assigns a released list in one transaction.
 */
export const MAX_LIST_LEADS = 1_500;
export const MAX_LEAD_ID_LENGTH = 64;
/** Lead ids as lead-intake issues them (UUIDs) or prefixed ones; ASCII, so a character is a byte in the body. */
const LEAD_ID = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,${MAX_LEAD_ID_LENGTH - 1}}$`);

export class ReceiveListDto {
  @ApiProperty({ example: 'list-2026-03' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/)
  listId!: string;

  @ApiProperty({
    description: `The list's lead ids, as captured by lead-intake (source purchased-list): at most ${MAX_LIST_LEADS}, each at most ${MAX_LEAD_ID_LENGTH} characters of letters, digits and _ . : -; hand a longer list over as several lists`,
    example: ['0b8f9c1e-7d4a-4c5e-9a51-3f2d6e8b7a10'],
    maxItems: MAX_LIST_LEADS,
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_LIST_LEADS, {
    message: `leadIds must name at most ${MAX_LIST_LEADS} leads; hand a longer list over as several lists, each with its own listId`,
  })
  @Matches(LEAD_ID, {
    each: true,
    message: `each lead id must be 1-${MAX_LEAD_ID_LENGTH} characters of letters, digits and _ . : - (as lead-intake issues them)`,
  })
  leadIds!: string[];
}
