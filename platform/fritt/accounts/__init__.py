"""Identity and roles: national user accounts and what each role may do, and where."""
