// Test helpers of @rooms-sync/db, imported as '@rooms-sync/db/testing'; never from production code.
export { createTestDatabase, type TestDatabase } from './createTestDatabase.ts';
