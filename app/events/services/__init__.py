"""Event operations, one module per concern; each function adds and flushes, callers commit."""
