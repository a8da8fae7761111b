-- A later change older code must not write around: it raises the oldest code version that can use the schema.
UPDATE ledger_schema SET min_code_version = '99.0.0' WHERE id = 1;
