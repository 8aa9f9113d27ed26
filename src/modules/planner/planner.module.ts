import { Module } from '@nestjs/common';
import { AiModule } from '../ai/ai.module';
import { RoutingModule } from '../routing/routing.module';
import { PlannerService } from './planner.service';
import { RoutingTrialController } from './routing-trial.controller';

/** Planning (the plan step, docs/api.md). `validatePlan` (plan-validator.ts) is the pure check the executor may reuse. */
@Module({
  imports: [AiModule, RoutingModule],
  controllers: [RoutingTrialController],
  providers: [PlannerService],
  exports: [PlannerService],
})
export class PlannerModule {}
