"""Template filters of the shared layout."""
