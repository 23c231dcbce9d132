// Test helpers of @rooms-sync/ews, imported as '@rooms-sync/ews/testing'; never from production code.
export { EWS_FIXTURES_DIR } from './fixturesDir.ts';
export { validateAgainstEwsSchema, xmllintAvailable, type SchemaValidation } from './validateAgainstEwsSchema.ts';
