// The database's clock: where the change feed starts (audit records' `at` are on this clock, not the API's).
RETURN datetime() AS now
