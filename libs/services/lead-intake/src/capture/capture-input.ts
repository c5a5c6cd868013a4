import freeMailDomains from 'email-providers/all.json';
import { normaliseCapture, type LeadCapture } from '@leadline/domain';
import type { CaptureLeadDto } from './capture-lead.dto';
import type { FieldError } from './validate-capture';

const FREE_MAIL: ReadonlySet<string> = new Set(freeMailDomains as string[]);
export const isFreeMail = (domain: string): boolean => FREE_MAIL.has(domain);

/** The validated body, normalised; a phone that cannot be read as a real number is a field error. */
export function toLeadCapture(
  dto: CaptureLeadDto,
  captureId: string,
  capturedAt: string,
): { ok: true; capture: LeadCapture } | { ok: false; errors: FieldError[] } {
  const capture = normaliseCapture(
    {
      captureId,
      source: dto.source,
      vendorId: dto.vendorId,
      listId: dto.listId,
      campaignId: dto.campaignId,
      contact: { ...dto.contact },
      company: dto.company ? { ...dto.company } : undefined,
      consent: dto.consent,
      attributes: dto.attributes,
      capturedAt,
    },
    { isFreeMail },
  );
  if (dto.contact.phone && !capture.contact.phone) {
    const hint = capture.company.country ? '' : ' (write it with +country code, or give company.country)';
    return { ok: false, errors: [{ field: 'contact.phone', messages: [`contact.phone is not a valid phone number${hint}`] }] };
  }
  if (!capture.contact.email && !capture.contact.phone) {
    return { ok: false, errors: [{ field: 'contact.email', messages: ['email or phone is required'] }] };
  }
  return { ok: true, capture };
}
