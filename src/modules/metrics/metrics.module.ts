import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { MetricsServer } from './metrics.server';
import { MetricsService } from './metrics.service';
import { QueueDashboardController } from './queue-dashboard/queue-dashboard.controller';
import { QueueDashboardGate } from './queue-dashboard/queue-dashboard-gate';
import { QueueDashboardPasses } from './queue-dashboard/queue-dashboard-passes';
import { QueueDepthMetrics } from './queue-depth';

/**
 * Operations (README, "Metrics and queue dashboard"): Prometheus metrics for every role, and the
 * admins' queue dashboard, which the web role mounts (mountQueueDashboard). Global: the modules
 * that record (HTTP, SSE, realtime, queues, pipeline, AI providers) inject MetricsService, the one
 * thing exported.
 */
@Global()
@Module({
  imports: [AuthModule, UsersModule],
  controllers: [QueueDashboardController],
  providers: [MetricsService, QueueDepthMetrics, MetricsServer, QueueDashboardPasses, QueueDashboardGate],
  exports: [MetricsService],
})
export class MetricsModule {}
