"""`kg validate` (being written)."""
