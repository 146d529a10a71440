import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { containsPattern, decodeCursor, FieldError, isUuid, OutboxService, Page, Problem, toPage } from '@app/platform';
import { PasswordHasher } from '../auth/password-hasher';
import { TokenService } from '../auth/token.service';
import { AuthenticatedUser } from '../authorization/authenticated-user';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserDto } from './dto/user.dto';
import { UserListQuery } from './dto/user-list.query';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly outbox: OutboxService,
  ) {}

  private get users() {
    return this.txHost.tx.getRepository(User);
  }

  @Transactional()
  async create(input: CreateUserDto): Promise<UserDto> {
    const fields = {
      username: input.username,
      displayName: input.displayName ?? input.username,
      role: input.role,
      partyCode: input.partyCode ?? null,
      organisation: input.organisation ?? null,
      jurisdiction: input.jurisdiction ?? null,
      email: input.email ?? null,
    };
    assertRoleFits(fields);
    if (await this.users.existsBy({ username: input.username })) {
      throw new Problem({
        status: 409,
        type: 'username-taken',
        detail: `The username "${input.username}" is taken.`,
        errors: [{ field: 'username', message: 'is taken' }],
      });
    }
    const user = await this.users.save(
      this.users.create({ ...fields, passwordHash: await this.passwords.hash(input.password) }),
    );
    await this.outbox.append('identity.user_created', { userId: user.id, role: user.role });
    return UserDto.of(user);
  }

  async list(query: UserListQuery): Promise<Page<UserDto>> {
    const qb = this.users
      .createQueryBuilder('u')
      .orderBy('u.username')
      .limit(query.limit + 1);
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.active !== undefined) qb.andWhere('u.active = :active', { active: query.active });
    if (query.q) {
      const like = containsPattern(query.q);
      qb.andWhere('(u.username ILIKE :like OR u.display_name ILIKE :like)', { like });
    }
    if (query.cursor) {
      const [after] = decodeCursor(query.cursor, 1);
      qb.andWhere('u.username > :after', { after: String(after) });
    }
    const page = toPage(await qb.getMany(), query.limit, (u) => [u.username]);
    return { items: page.items.map(UserDto.of), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<UserDto> {
    return UserDto.of(await this.find(id));
  }

  /**
   * Changes an account. A new password, a new role or deactivation ends every session of the
   * user: its refresh tokens are revoked and its access tokens refused from the next request on.
   */
  @Transactional()
  async update(id: string, input: UpdateUserDto, actor: AuthenticatedUser): Promise<UserDto> {
    const user = await this.find(id, true);
    if (actor.id === user.id && (input.active === false || (input.role && input.role !== user.role))) {
      throw Problem.unprocessable('You cannot deactivate your own account or change your own role.', [
        { field: input.active === false ? 'active' : 'role', message: 'cannot be changed on your own account' },
      ]);
    }
    const endsSessions =
      input.password !== undefined || (input.role !== undefined && input.role !== user.role) || input.active === false;
    if (input.displayName !== undefined) user.displayName = input.displayName;
    if (input.role !== undefined) user.role = input.role;
    if (input.partyCode !== undefined) user.partyCode = input.partyCode;
    if (input.organisation !== undefined) user.organisation = input.organisation;
    if (input.jurisdiction !== undefined) user.jurisdiction = input.jurisdiction;
    if (input.email !== undefined) user.email = input.email;
    if (input.active !== undefined) user.active = input.active;
    if (input.password !== undefined) user.passwordHash = await this.passwords.hash(input.password);
    assertRoleFits(user);
    if (endsSessions) {
      user.tokenVersion += 1;
      await this.tokens.revokeAllOf(user.id, this.txHost.tx);
    }
    const saved = await this.users.save(user);
    if (input.active === false) await this.outbox.append('identity.user_deactivated', { userId: user.id });
    return UserDto.of(saved);
  }

  private async find(id: string, lock = false): Promise<User> {
    const user = isUuid(id)
      ? await this.users.findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) })
      : null;
    if (!user) throw Problem.notFound(`No user with id "${id}".`);
    return user;
  }
}

/** What each role needs on its account, as DOMAIN.md "Roles" describes the roles. */
function assertRoleFits(user: Pick<User, 'role' | 'partyCode' | 'organisation'>): void {
  const errors: FieldError[] = [];
  if (user.role === 'party_agent' && !user.partyCode) {
    errors.push({ field: 'partyCode', message: 'is required for a party agent' });
  }
  if (user.role !== 'party_agent' && user.partyCode) {
    errors.push({ field: 'partyCode', message: 'is only for party agents' });
  }
  if (user.role === 'observer' && !user.organisation) {
    errors.push({ field: 'organisation', message: 'is required for an observer' });
  }
  if (errors.length > 0) throw Problem.unprocessable('The account does not fit its role.', errors);
}
