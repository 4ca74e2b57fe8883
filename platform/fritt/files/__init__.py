"""File storage kept apart per municipality: local folders by default, S3 when configured."""
