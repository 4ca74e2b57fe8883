"""The ministry's statistics: facts per municipality × service × month, aggregates only."""
