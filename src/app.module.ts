import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CoreModule } from './roles/core.module';
import { WebModule } from './roles/web.module';
import { WorkerModule } from './roles/worker.module';

/**
 * The application for one role. The web role's HTTP surface comes from the controllers of the
 * shared feature modules (bound only when an HTTP adapter listens) and it adds the realtime
 * gateway; the worker role adds the queue consumers. `all` is both in one process.
 */
@Module({})
export class AppModule {
  static forRole(config: AppConfig): DynamicModule {
    const servesClients = config.role === 'web' || config.role === 'all';
    const consumesJobs = config.role === 'worker' || config.role === 'all';
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), CoreModule, ...(servesClients ? [WebModule.forConfig(config)] : []), ...(consumesJobs ? [WorkerModule] : [])],
    };
  }
}
