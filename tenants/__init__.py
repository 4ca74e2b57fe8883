"""One municipality, in its own schema: the tenant model and everything a municipality owns."""
