import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlList } from '@app/platform/database/sql-text';
import { Role, ROLES } from '../authorization/role';

@Entity('users')
@Check('users_role', `role IN (${sqlList(ROLES)})`)
@Check('users_party_agent_has_party', `role <> 'party_agent' OR party_code IS NOT NULL`)
@Check('users_observer_has_organisation', `role <> 'observer' OR organisation IS NOT NULL`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case, so that `Sokha` and `sokha` are one account. */
  @Column('text', { unique: true })
  username: string;

  @Column('text')
  displayName: string;

  @Column('text')
  passwordHash: string;

  @Column('text')
  role: Role;

  @Column('text', { nullable: true })
  partyCode: string | null;

  @Column('text', { nullable: true })
  organisation: string | null;

  /** An area code (a province), or null for national. */
  @Column('text', { nullable: true })
  jurisdiction: string | null;

  /** Where email notifications go; none means in-app only. */
  @Column('text', { nullable: true })
  email: string | null;

  @Column('boolean', { default: true })
  active: boolean;

  /** Bumped when a password or role changes: access tokens carry it and die with the old value. */
  @Column('int', { default: 0 })
  tokenVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
