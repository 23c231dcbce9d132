export { createOpsApp, type OpsAppOptions } from './createOpsApp.ts';
export { BodyTooLargeError, readBody } from './readBody.ts';
export { runReadinessChecks, type ReadinessCheck, type ReadinessReport } from './runReadinessChecks.ts';
export { startHttpServer, type HttpServerOptions, type RequestHandler, type RunningServer } from './startHttpServer.ts';
