"""English formats (British order: day, month, year)."""
