import { fileURLToPath } from 'node:url';

/** The root of this clone, for tests that start the project's own services and scripts. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
