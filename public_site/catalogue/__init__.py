"""The national catalogue of service types that schemes can be announced for."""
