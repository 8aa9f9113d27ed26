import { Global, Module } from '@nestjs/common';
import { LockService } from './lock.service';
import { RateLimitService } from './rate-limit.service';
import { RedisClients } from './redis.clients';

@Global()
@Module({
  providers: [RedisClients, LockService, RateLimitService],
  exports: [RedisClients, LockService, RateLimitService],
})
export class RedisModule {}
