import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView, position } from './metrics-view';

/** An AE's profile after a roster event, with the booking policy's peer group. */
@Entity(metricsView('ae_profiles'))
export class AeProfileView {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'ae_id', type: 'text', nullable: true }) aeId!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) at!: Date | null;
  @Column({ type: 'text', nullable: true }) role!: string | null;
  @Column({ type: 'text', nullable: true }) segments!: string | null;
  @Column({ name: 'time_zone', type: 'text', nullable: true }) timeZone!: string | null;
  @Column({ name: 'working_days', type: 'text', nullable: true }) workingDays!: string | null;
  @Column({ name: 'working_start', type: 'text', nullable: true }) workingStart!: string | null;
  @Column({ name: 'working_end', type: 'text', nullable: true }) workingEnd!: string | null;
  @Column({ type: 'boolean', nullable: true }) active!: boolean | null;
  @Column({ name: 'peer_group', type: 'text', nullable: true }) peerGroup!: string | null;
  @Column({ type: 'text', nullable: true }) profile!: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true }) recordedAt!: Date | null;
  @Column({ name: 'log_position', type: 'bigint', nullable: true, transformer: position }) logPosition!: number | null;
}
