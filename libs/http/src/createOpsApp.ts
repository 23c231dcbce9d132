// The internal ops port: liveness, readiness and Prometheus metrics. It is never
// the public port, so /metrics is not reachable through the ingress.
import Koa from 'koa';
import Router from '@koa/router';
import type { Registry } from 'prom-client';
import { runReadinessChecks, type ReadinessCheck } from './runReadinessChecks.ts';

export interface OpsAppOptions {
  registry: Registry;
  /** Dependencies that must answer for the service to take work (broker, database, leadership). */
  readiness: Record<string, ReadinessCheck>;
  readinessTimeoutMs?: number;
  /** Extra routes a service serves on the ops port (the projector's read API). */
  extend?: (router: Router) => void;
}

export function createOpsApp(options: OpsAppOptions): Koa {
  const app = new Koa();
  const router = new Router();
  router.get('/healthz', function healthz(ctx) {
    ctx.body = 'ok\n';
  });
  router.get('/readyz', async function readyz(ctx) {
    const report = await runReadinessChecks(options.readiness, options.readinessTimeoutMs ?? 2000);
    ctx.status = report.ready ? 200 : 503;
    ctx.body = report;
  });
  router.get('/metrics', async function metrics(ctx) {
    ctx.type = options.registry.contentType;
    ctx.body = await options.registry.metrics();
  });
  options.extend?.(router);
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}
