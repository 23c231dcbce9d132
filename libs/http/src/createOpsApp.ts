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
  /**
   * Dependencies /readyz reports without gating on: the service still does the work it is routed
   * (the projector's reads), so a failing one sets `degraded`, not a 503 that would take the pod out
   * of its Service.
   */
  advisory?: Record<string, ReadinessCheck>;
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
    const timeoutMs = options.readinessTimeoutMs ?? 2000;
    const [report, advisory] = await Promise.all([
      runReadinessChecks(options.readiness, timeoutMs),
      options.advisory && runReadinessChecks(options.advisory, timeoutMs),
    ]);
    ctx.status = report.ready ? 200 : 503;
    ctx.body = advisory ? { ...report, degraded: !advisory.ready, advisory: advisory.checks } : report;
  });
  router.get('/metrics', async function metrics(ctx) {
    ctx.type = options.registry.contentType;
    ctx.body = await options.registry.metrics();
  });
  options.extend?.(router);
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}
