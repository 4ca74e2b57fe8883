"""Settings modules: DJANGO_SETTINGS_MODULE picks `local`, `production` or `test`, each built on
`base` (shared) and `integrations/` (one module per service). See the README's settings table."""
