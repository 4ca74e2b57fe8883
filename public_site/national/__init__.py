"""The national site: front page, municipalities, catalogue, operator, ministry, supplier pages."""
