"""National supplier accounts: one organisation (org.nr) with several users."""
