// The change an idempotency key already made, if any.
MATCH (k:IdempotencyKey {key: $key})
RETURN k.operation AS operation, k.fingerprint AS fingerprint, k.result AS result, k.auditId AS auditId
