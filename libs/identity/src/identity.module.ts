import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Environment } from '@app/platform';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { JwtStrategy } from './auth/jwt.strategy';
import { LoginThrottlerGuard } from './auth/login-throttler.guard';
import { PasswordHasher } from './auth/password-hasher';
import { RedisThrottlerStorage } from './auth/redis-throttler.storage';
import { RefreshToken } from './auth/refresh-token.entity';
import { TokenService } from './auth/token.service';
import { JwtAuthGuard } from './authorization/jwt-auth.guard';
import { RolesGuard } from './authorization/roles.guard';
import { User } from './users/user.entity';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/** The shared attempt counter, for the login throttler and the queue dashboard alike. */
@Module({ providers: [RedisThrottlerStorage], exports: [RedisThrottlerStorage] })
class IdentityThrottleModule {}

/** Accounts, passwords, tokens and the guards that check them. */
@Module({
  imports: [
    IdentityThrottleModule,
    TypeOrmModule.forFeature([User, RefreshToken]),
    PassportModule,
    JwtModule.register({}),
    ThrottlerModule.forRootAsync({
      imports: [IdentityThrottleModule],
      inject: [Environment, RedisThrottlerStorage],
      useFactory: (env: Environment, storage: RedisThrottlerStorage) => ({
        throttlers: [{ ttl: 60_000, limit: env.LOGIN_RATE_LIMIT_PER_MINUTE }],
        storage,
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [
    PasswordHasher,
    TokenService,
    AuthService,
    UsersService,
    JwtStrategy,
    JwtAuthGuard,
    RolesGuard,
    LoginThrottlerGuard,
  ],
  exports: [UsersService, PasswordHasher, JwtAuthGuard, RolesGuard, TokenService, IdentityThrottleModule],
})
export class IdentityModule {}
