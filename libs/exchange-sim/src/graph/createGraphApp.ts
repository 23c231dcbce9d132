// The Graph face (served over HTTPS by the service): the simulated Entra ID token endpoint and
// metadata, then Graph v1.0 behind Bearer-token checks. Errors are mapped once, here, to Graph's
// error body; request ids are echoed as Graph does.
import { randomUUID } from 'node:crypto';
import { BodyTooLargeError } from '@rooms-sync/http';
import type { Logger } from '@rooms-sync/lifecycle';
import Koa from 'koa';
import { SimError } from '../SimError.ts';
import type { AccessTokens } from './accessTokens.ts';
import type { AppRegistry } from './appRegistry.ts';
import { GraphError, graphErrorBody } from './GraphError.ts';
import type { GraphRouteDeps } from './graphRoutes.ts';
import { createGraphRouter } from './graphRoutes.ts';
import { createPlacesRouter } from './placesRoutes.ts';
import { createTokenRouter } from './tokenRoutes.ts';

export interface GraphAppDeps extends GraphRouteDeps {
  apps: AppRegistry;
  tokens: AccessTokens;
  logger: Logger;
}

const UNAUTHORIZED =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

export function createGraphApp(deps: GraphAppDeps): Koa {
  const app = new Koa();
  app.use(async function graphErrors(ctx, next) {
    const requestId = randomUUID();
    ctx.set('request-id', requestId);
    ctx.set('client-request-id', ctx.get('client-request-id') || requestId);
    try {
      await next();
    } catch (err) {
      const mapped =
        err instanceof GraphError
          ? err
          : err instanceof SimError
            ? new GraphError(err.status, err.code === 'NotFound' ? 'ErrorItemNotFound' : 'BadRequest', err.message)
            : err instanceof BodyTooLargeError
              ? new GraphError(413, 'RequestEntityTooLarge', err.message)
              : undefined;
      if (!mapped) {
        ctx.app.emit('error', err, ctx);
        ctx.status = 500;
        ctx.body = graphErrorBody(
          'generalException',
          'An internal server error occurred.',
          requestId,
          ctx.get('client-request-id'),
        );
        return;
      }
      ctx.status = mapped.status;
      for (const [k, v] of Object.entries(mapped.headers)) ctx.set(k, v);
      ctx.body = graphErrorBody(mapped.code, mapped.message, requestId, ctx.get('client-request-id'));
    }
  });
  app.on('error', (err: unknown) => {
    deps.logger.error({ err }, 'Graph request failed');
  });
  const token = createTokenRouter({ apps: deps.apps, tokens: deps.tokens, clock: deps.clock });
  app.use(token.routes());
  app.use(async function bearer(ctx, next) {
    if (!ctx.path.toLowerCase().startsWith('/v1.0/')) {
      await next();
      return;
    }
    const [scheme = '', value = ''] = (ctx.get('authorization') || '').split(/\s+/, 2);
    const check =
      scheme.toLowerCase() === 'bearer' && value !== ''
        ? deps.tokens.verify(value)
        : ({ ok: false, message: 'Access token is empty.' } as const);
    if (!check.ok || !deps.apps.find(check.claims.tenantId, check.claims.clientId)) {
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        check.ok ? 'Access token validation failure.' : check.message,
        {
          'WWW-Authenticate': UNAUTHORIZED,
        },
      );
    }
    ctx.state.caller = { tenantId: check.claims.tenantId, clientId: check.claims.clientId };
    ctx.state.roles = check.claims.roles;
    await next();
  });
  const graph = createGraphRouter(deps);
  app.use(graph.routes()).use(graph.allowedMethods());
  const places = createPlacesRouter(deps.store);
  app.use(places.routes()).use(places.allowedMethods());
  app.use(function unknownSegment(ctx) {
    const segment = ctx.path.split('/').filter(Boolean).at(-1) ?? '';
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
  });
  return app;
}
