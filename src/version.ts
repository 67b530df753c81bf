// Cairn's own version (kept equal to package.json's by test/version.test.ts) and the
// ArangoDB version it speaks: clients branch on the major version, so 3.12 it is.
export const CAIRN_VERSION = '0.1.0';
export const ARANGO_VERSION = '3.12.0';
