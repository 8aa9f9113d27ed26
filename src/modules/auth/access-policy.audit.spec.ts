import { Controller, Get, Post, Put } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { AccessPolicyAudit } from './access-policy.audit';
import { AnyScope, Public, RequireScope, SessionOnly } from './auth.decorators';
import { ApiScope } from './principal';

@RequireScope(ApiScope.Chat)
@Controller('things')
class DeclaredOnClass {
  @Get()
  list(): void {}

  @AnyScope()
  @Get('mine')
  mine(): void {}

  /** Not a route: the audit must not ask it for a declaration. */
  helper(): void {}
}

@Controller('mixed')
class DeclaredPerRoute {
  @Public()
  @Get('open')
  open(): void {}

  @SessionOnly()
  @Post('keys')
  keys(): void {}

  @Put(':id')
  forgotten(): void {}
}

async function boot(...controllers: Array<new () => unknown>): Promise<AccessPolicyAudit> {
  const module = await Test.createTestingModule({ imports: [DiscoveryModule], controllers, providers: [AccessPolicyAudit] }).compile();
  await module.init();
  return module.get(AccessPolicyAudit);
}

describe('AccessPolicyAudit', () => {
  it('walks every route with the policy it declares, the route overriding its controller', async () => {
    const audit = await boot(DeclaredOnClass);

    expect(audit.routes()).toEqual([
      { route: 'GET things', handler: 'DeclaredOnClass.list', policy: { kind: 'scope', scope: ApiScope.Chat } },
      { route: 'GET things/mine', handler: 'DeclaredOnClass.mine', policy: { kind: 'any-scope' } },
    ]);
  });

  it('refuses to boot when a route declares nothing, naming that route and only that one', async () => {
    const failure = await boot(DeclaredOnClass, DeclaredPerRoute).then(
      () => new Error('expected boot to fail'),
      (error: unknown) => error as Error,
    );

    expect(failure.message).toContain('PUT mixed/:id (DeclaredPerRoute.forgotten)');
    for (const declared of ['DeclaredPerRoute.open', 'DeclaredPerRoute.keys', 'DeclaredOnClass.list']) expect(failure.message).not.toContain(declared);
  });
});
