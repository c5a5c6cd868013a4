import { Column, Entity, PrimaryColumn } from 'typeorm';
import { metricsView } from './metrics-view';

/** An SDR of the roster: latest known profile. */
@Entity(metricsView('sdrs'))
export class SdrView {
  @PrimaryColumn({ name: 'sdr_id', type: 'text' }) sdrId!: string;
  @Column({ type: 'text', nullable: true }) name!: string | null;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ name: 'manager_email', type: 'text', nullable: true }) managerEmail!: string | null;
  @Column({ type: 'text', nullable: true }) team!: string | null;
  @Column({ name: 'weekly_capacity', type: 'integer', nullable: true }) weeklyCapacity!: number | null;
  @Column({ type: 'boolean', nullable: true }) active!: boolean | null;
  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true }) registeredAt!: Date | null;
}
