"""A municipality's geographic zones (bydeler, distrikter), used by schemes and recipients."""
