export { REPO_ROOT } from './repoRoot.ts';
export { spawnService, type SpawnedService, type SpawnServiceOptions } from './spawnService.ts';
export { createPrivateKafka, freePort, type PrivateKafka } from './privateKafka.ts';
export { LOCAL_KAFKA_BROKERS, LOCAL_DATABASE_URL } from './localInfra.ts';
export { waitFor } from './waitFor.ts';
export { createTestTls, trustInThisProcess, type TestTls } from './testTls.ts';
export { runCli } from './runCli.ts';
export { runProcess, type ProcessRun, type RunProcessOptions } from './runProcess.ts';
export { CHART_DIR, renderChart, valuesFiles, type Manifest } from './renderChart.ts';
