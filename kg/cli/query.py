"""`kg query` and `kg sparql` (being written)."""
