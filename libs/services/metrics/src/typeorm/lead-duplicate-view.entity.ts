import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView } from './metrics-view';

/** A capture merged into an existing lead (split off again when `unmerged_at` is set). */
@Entity(metricsView('lead_duplicates'))
export class LeadDuplicateView {
  @PrimaryColumn({ name: 'lead_id', type: 'text' }) leadId!: string;
  @PrimaryColumn({ name: 'capture_id', type: 'text' }) captureId!: string;
  @Column({ name: 'matched_on', type: 'text', nullable: true }) matchedOn!: string | null;
  @Column({ type: 'text', nullable: true }) source!: string | null;
  @Column({ name: 'vendor_id', type: 'text', nullable: true }) vendorId!: string | null;
  @Column({ name: 'campaign_id', type: 'text', nullable: true }) campaignId!: string | null;
  @Column({ name: 'captured_at', type: 'timestamptz', nullable: true }) capturedAt!: Date | null;
  @Column({ name: 'unmerged_at', type: 'timestamptz', nullable: true }) unmergedAt!: Date | null;
  @Column({ name: 'new_lead_id', type: 'text', nullable: true }) newLeadId!: string | null;
}
