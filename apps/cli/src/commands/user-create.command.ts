import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Problem, toFieldErrors } from '@app/platform';
import { CreateUserDto, UsersService } from '@app/identity';
import { CliModule } from '../cli.module';
import { CliError } from '../cli-error';

export interface UserCreateOptions {
  username?: string;
  password?: string;
  role?: string;
  party?: string;
  organisation?: string;
  jurisdiction?: string;
  'display-name'?: string;
  email?: string;
}

/** `user:create`: the same validation and rules as `POST /api/v1/users`. */
export async function userCreate(
  options: UserCreateOptions,
  log: (line: string) => void,
  prepareDatabase: () => Promise<void>,
): Promise<void> {
  const input = plainToInstance(CreateUserDto, {
    username: options.username,
    password: options.password,
    role: options.role,
    partyCode: options.party,
    organisation: options.organisation,
    jurisdiction: options.jurisdiction,
    displayName: options['display-name'],
    email: options.email,
  });
  const errors = toFieldErrors(await validate(input, { forbidUnknownValues: false }));
  // Refused before the database is touched: a typo must not create or migrate anything.
  if (errors.length > 0) throw new CliError(errors.map((e) => `--${flagOf(e.field)} ${e.message}`).join('; '));
  await prepareDatabase();

  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    const user = await app.get(UsersService).create(input);
    log(`Created ${user.role} "${user.username}" (${user.id}).`);
  } catch (error) {
    if (error instanceof Problem) {
      const fields = error.errors?.map((e) => `--${flagOf(e.field)} ${e.message}`).join('; ');
      throw new CliError(fields || error.message);
    }
    throw error;
  } finally {
    await app.close();
  }
}

const FLAGS: Record<string, string> = { partyCode: 'party', displayName: 'display-name' };
const flagOf = (field: string) => FLAGS[field] ?? field;
