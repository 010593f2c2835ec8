import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Counters of failed sign-ins, shared by all server instances. The shape is the one
 * rate-limiter-flexible's RateLimiterPostgres expects (we create it by migration, not at runtime).
 */
@Entity({ name: 'auth_throttle' })
export class AuthThrottle {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  key!: string;

  @Column({ type: 'integer', default: 0 })
  points!: number;

  @Column({ type: 'bigint', nullable: true })
  expire!: string | null;
}
