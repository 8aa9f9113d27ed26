import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CoreModule } from './roles/core.module';
import { WorkerModule } from './roles/worker.module';

/**
 * The application for one role. The web role's HTTP surface comes from the controllers of the
 * shared feature modules (bound only when an HTTP adapter listens); the worker role adds the
 * queue consumers. `all` is both in one process.
 */
@Module({})
export class AppModule {
  static forRole(config: AppConfig): DynamicModule {
    const consumesJobs = config.role === 'worker' || config.role === 'all';
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), CoreModule, ...(consumesJobs ? [WorkerModule] : [])],
    };
  }
}
