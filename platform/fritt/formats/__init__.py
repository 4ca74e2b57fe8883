"""Date formats per language where Django's own do not suit a Norwegian service."""
