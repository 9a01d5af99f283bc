"""`python -m kg` runs the CLI (kg.fast, which hands all but stored queries to kg.cli)."""

from kg.fast import main

main()
