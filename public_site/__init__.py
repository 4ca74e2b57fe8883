"""The nation, in the public schema: announcements, supplier accounts, catalogue, statistics."""
