/**
 * Directory of the captured-like SendNotification fixtures (`*.xml` + `*.expected.json`) and
 * the hostile corpus (`hostile/`, reasons in `hostile/manifest.json`); see fixtures/README.md.
 * For tests, the WAF test and the bench in other packages.
 */
export const EWS_FIXTURES_DIR: URL = new URL('../fixtures/', import.meta.url);
