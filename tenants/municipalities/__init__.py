"""The tenant: Norway's municipalities (registry of 357), counties and the sites' domains."""
