"""Apply once: the national envelope, the status of each part, saved searches."""
