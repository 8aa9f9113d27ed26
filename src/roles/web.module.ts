import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { ConnectionSlots } from '../modules/realtime/connection-slots';
import { RealtimeGateway } from '../modules/realtime/realtime.gateway';
import { RealtimeModule } from '../modules/realtime/realtime.module';

/**
 * What only a process serving clients runs (the `web` role, or `all`): the realtime gateway, when
 * REALTIME_ENABLED. The HTTP controllers stay with their feature modules, bound only where an HTTP
 * adapter listens. The worker never imports this module, so it can never open a socket server;
 * it publishes through RealtimePublisher instead.
 */
@Module({})
export class WebModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: WebModule,
      imports: [RealtimeModule],
      providers: config.realtime.enabled ? [RealtimeGateway, ConnectionSlots] : [],
    };
  }
}
