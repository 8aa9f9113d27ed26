import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public, SkipRateLimit } from '../auth/auth.decorators';
import { HealthService, type HealthReport } from './health.service';

/** The report, in both answers (not the error shape). */
const HEALTH_REPORT_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded', 'draining'] },
    checks: { type: 'object', additionalProperties: { type: 'string', enum: ['up', 'down', 'disabled'] } },
  },
};

/**
 * `GET /api/health` (outside the versioned prefix): 200 when healthy; 503 while a dependency is
 * down (the report names it) or the node drains for shutdown, so load balancers and readiness
 * probes route around it until it is back.
 */
@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @SkipRateLimit()
  @ApiOkResponse({ description: 'Every required dependency is up.', schema: HEALTH_REPORT_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'A required dependency is down, or the node is draining for shutdown.', schema: HEALTH_REPORT_SCHEMA })
  @Get()
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.report();
    void reply.status(report.status === 'ok' ? 200 : 503).header('cache-control', 'no-store');
    return report;
  }
}
