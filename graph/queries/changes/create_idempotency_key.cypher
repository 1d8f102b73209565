// Remember a client's idempotency key with the result of the change it made (unique: a racing twin fails).
CREATE (:IdempotencyKey {key: $key, operation: $operation, fingerprint: $fingerprint, result: $result,
                         auditId: $auditId, at: datetime()})
