"""One module per outside service or concern; `fritt.settings.base` imports them all."""
