"""Developer tooling: the embedded database and the `make run` / `make test` orchestration."""
