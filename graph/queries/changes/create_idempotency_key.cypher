// Remember a client's idempotency key (stored hashed with its owner, the subject who sent it) with the result of the change it made (unique: a racing twin fails).
CREATE (:IdempotencyKey {key: $key, owner: $owner, clientKey: $clientKey, operation: $operation,
                         fingerprint: $fingerprint, result: $result, auditId: $auditId, at: datetime()})
