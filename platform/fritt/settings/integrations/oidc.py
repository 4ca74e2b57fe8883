"""ID-porten (citizens) and Ansattporten (employees) over OIDC: empty until the national-login
issue. Their client ids, secrets, issuer URLs and required login level go here, read from the
environment like the other integrations, with the login off while they are unset."""
