"""One record of every state change: who did what to which subject, when, with what facts."""
