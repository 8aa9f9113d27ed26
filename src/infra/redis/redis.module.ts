import { Global, Module } from '@nestjs/common';
import { LockService } from './lock.service';
import { RateLimitService } from './rate-limit.service';
import { RedisClients } from './redis.clients';
import { RedisSubscriber } from './redis-subscriber';

@Global()
@Module({
  providers: [RedisClients, RedisSubscriber, LockService, RateLimitService],
  exports: [RedisClients, RedisSubscriber, LockService, RateLimitService],
})
export class RedisModule {}
