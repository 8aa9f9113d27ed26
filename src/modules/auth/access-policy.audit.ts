import { Injectable, RequestMethod, type OnModuleInit, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { accessPolicyOf, type AccessPolicy, type DecoratedTarget } from './access-policy';

export interface RouteAccess {
  /** `PUT settings/models`, before the global prefix. */
  route: string;
  /** `AiController.putSettings`, to find the code. */
  handler: string;
  policy: AccessPolicy | undefined;
}

/**
 * Walks every controller route of the application at boot and refuses to start when one does not
 * declare who may call it (`@Public`, `@SessionOnly`, `@RequireScope` or `@AnyScope`), so a new
 * controller cannot ship open to every API key by omission. Like the job handler registry, a
 * mistake here fails the deploy (and every test that boots the app), never a request.
 */
@Injectable()
export class AccessPolicyAudit implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const undeclared = this.routes().filter((route) => route.policy === undefined);
    if (undeclared.length > 0) {
      const list = undeclared.map((r) => `${r.route} (${r.handler})`).join(', ');
      throw new Error(`Routes that do not declare who may call them (@Public, @SessionOnly, @RequireScope or @AnyScope): ${list}`);
    }
  }

  /** Every route of every controller registered in the application, with the policy it declares. */
  routes(): RouteAccess[] {
    return this.discovery.getControllers().flatMap((wrapper) => {
      const controller = wrapper.metatype as Type | null;
      if (!controller) return [];
      const prototype = controller.prototype as Record<string, unknown>;
      return this.scanner.getAllMethodNames(prototype).flatMap((name): RouteAccess[] => {
        const handler = prototype[name];
        // Nest marks route handlers with a path (`/` when none is given); other methods are helpers.
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) return [];
        return [
          {
            route: `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod]} ${routePath(controller, handler)}`,
            handler: `${controller.name}.${name}`,
            policy: accessPolicyOf(this.reflector, handler, controller),
          },
        ];
      });
    });
  }
}

function routePath(controller: Type, handler: DecoratedTarget): string {
  return [controller, handler]
    .flatMap((target) => String(Reflect.getMetadata(PATH_METADATA, target) ?? '').split('/'))
    .filter(Boolean)
    .join('/');
}
