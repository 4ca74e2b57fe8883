"""National logins (ID-porten, Ansattporten) over OIDC, and the session rules around them."""
