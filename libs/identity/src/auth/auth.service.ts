import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Problem } from '@app/platform';
import { User } from '../users/user.entity';
import { LoginDto } from './dto/login.dto';
import { TokenPairDto } from './dto/token-pair.dto';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
  ) {}

  /** One answer for every failure, so a caller cannot learn which usernames exist. */
  async login({ username, password }: LoginDto): Promise<TokenPairDto> {
    const user = await this.users.findOneBy({ username: username.trim().toLowerCase() });
    const valid = await this.passwords.verify(user?.passwordHash, password);
    if (!user || !valid || !user.active) {
      throw new Problem({
        status: 401,
        type: 'invalid-credentials',
        title: 'Invalid credentials',
        detail: 'The username or password is wrong, or the account is not active.',
      });
    }
    return this.tokens.issue(user);
  }
}
