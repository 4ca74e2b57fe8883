"""Settings modules: `base` reads the environment; `test` makes the suite fast and isolated."""
