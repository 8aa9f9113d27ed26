import { Global, Module } from '@nestjs/common';
import { LeasedSlots } from './leased-slots';
import { LockService } from './lock.service';
import { RateLimitService } from './rate-limit.service';
import { RedisClients } from './redis.clients';
import { RedisSubscriber } from './redis-subscriber';

@Global()
@Module({
  providers: [RedisClients, RedisSubscriber, LockService, RateLimitService, LeasedSlots],
  exports: [RedisClients, RedisSubscriber, LockService, RateLimitService, LeasedSlots],
})
export class RedisModule {}
