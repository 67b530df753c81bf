// The one registry of errors a client can see: ArangoDB's constant name -> errorNum,
// message template and HTTP status. Code throws by constant (`new ArangoError(ERR.X)`);
// nothing else in Cairn picks an errorNum or a status by hand. Names and numbers follow
// ArangoDB's errors.dat; `%s` in a template is filled from the thrower's arguments.

export interface ErrorDef {
  readonly errorNum: number;
  readonly message: string;
  readonly status: number;
}

function def(errorNum: number, status: number, message: string): ErrorDef {
  return { errorNum, status, message };
}

export const ERR = {
  ERROR_INTERNAL: def(4, 500, 'internal error'),
  ERROR_BAD_PARAMETER: def(10, 400, 'bad parameter'),
  ERROR_FORBIDDEN: def(11, 403, 'forbidden'),
  // ArangoDB answers a failed authentication with errorNum 11 (forbidden) and HTTP 401.
  ERROR_NOT_AUTHORIZED: def(11, 401, 'not authorized to execute this request'),
  ERROR_TYPE_ERROR: def(17, 400, 'type error'),
  ERROR_REQUEST_CANCELED: def(21, 410, 'canceled request'),
  ERROR_SHUTTING_DOWN: def(30, 503, 'shutdown in progress'),
  ERROR_HTTP_BAD_PARAMETER: def(400, 400, 'bad parameter'),
  ERROR_HTTP_FORBIDDEN: def(403, 403, 'forbidden'),
  ERROR_HTTP_NOT_FOUND: def(404, 404, 'not found'),
  ERROR_HTTP_UNKNOWN_PATH: def(404, 404, "unknown path '%s'"),
  ERROR_HTTP_METHOD_NOT_ALLOWED: def(405, 405, 'method not supported'),
  ERROR_HTTP_PRECONDITION_FAILED: def(412, 412, 'precondition failed'),
  ERROR_HTTP_REQUEST_ENTITY_TOO_LARGE: def(413, 413, 'request body too large: %s bytes, the limit is %s bytes'),
  ERROR_HTTP_CORRUPTED_JSON: def(600, 400, 'invalid JSON object'),
  ERROR_ARANGO_CONFLICT: def(1200, 409, 'conflict'),
  ERROR_ARANGO_DOCUMENT_NOT_FOUND: def(1202, 404, 'document not found'),
  ERROR_ARANGO_DATA_SOURCE_NOT_FOUND: def(1203, 404, 'collection or view not found'),
  ERROR_ARANGO_COLLECTION_PARAMETER_MISSING: def(1204, 400, 'parameter \'collection\' not found'),
  ERROR_ARANGO_DOCUMENT_HANDLE_BAD: def(1205, 400, 'illegal document identifier'),
  ERROR_ARANGO_DUPLICATE_NAME: def(1207, 409, 'duplicate name'),
  ERROR_ARANGO_ILLEGAL_NAME: def(1208, 400, 'illegal name'),
  ERROR_ARANGO_INDEX_NOT_FOUND: def(1212, 404, 'index not found'),
  ERROR_ARANGO_COLLECTION_TYPE_INVALID: def(1218, 400, 'collection type invalid'),
  ERROR_ARANGO_UNIQUE_CONSTRAINT_VIOLATED: def(1210, 409, 'unique constraint violated'),
  ERROR_ARANGO_DOCUMENT_KEY_BAD: def(1221, 400, 'illegal document key'),
  ERROR_ARANGO_DOCUMENT_KEY_UNEXPECTED: def(1222, 400, 'unexpected document key'),
  ERROR_ARANGO_DATADIR_NOT_WRITABLE: def(1224, 500, 'server database directory not writable'),
  ERROR_ARANGO_OUT_OF_KEYS: def(1225, 500, 'out of keys'),
  ERROR_ARANGO_DOCUMENT_KEY_MISSING: def(1226, 400, 'missing document key'),
  ERROR_ARANGO_DOCUMENT_TYPE_INVALID: def(1227, 400, 'invalid document type'),
  ERROR_ARANGO_DATABASE_NOT_FOUND: def(1228, 404, 'database not found'),
  ERROR_ARANGO_DATABASE_NAME_INVALID: def(1229, 400, 'database name invalid'),
  ERROR_ARANGO_USE_SYSTEM_DATABASE: def(1230, 403, 'operation only allowed in system database'),
  ERROR_ARANGO_INVALID_EDGE_ATTRIBUTE: def(1233, 400, 'edge attribute missing or invalid'),
  ERROR_ARANGO_INDEX_CREATION_FAILED: def(1235, 400, 'index creation failed'),
  ERROR_ARANGO_COLLECTION_TYPE_MISMATCH: def(1237, 400, 'collection type mismatch'),
  ERROR_ARANGO_ATTRIBUTE_PARSER_FAILED: def(1238, 400, 'illegal attribute name'),
  ERROR_ARANGO_INDEX_HANDLE_BAD: def(1214, 400, 'illegal index identifier'),
  ERROR_ARANGO_ILLEGAL_COLLECTION_NAME: def(1208, 400, 'cannot create collection: illegal name'),
  ERROR_QUEUE_FULL: def(21003, 503, 'queue is full'),
  ERROR_HTTP_SERVICE_UNAVAILABLE: def(503, 503, 'service unavailable'),
  ERROR_HTTP_SUPERFLUOUS_SUFFICES: def(601, 400, 'superfluous URL suffices'),
  ERROR_ARANGO_INVALID_KEY_GENERATOR: def(1232, 400, 'invalid key generator'),
  ERROR_VALIDATION_BAD_PARAMETER: def(1620, 400, 'invalid validation parameter'),
} as const satisfies Record<string, ErrorDef>;

export type ErrorName = keyof typeof ERR;
