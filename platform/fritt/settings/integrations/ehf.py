"""EHF invoices: who the platform is as the seller, and where invoices are sent (off by default)."""

from ..env import env_str

# The platform's operating company as it appears on every invoice (Peppol id 0192:<org.nr>).
FRITT_SELLER_ORGNR = env_str("FRITT_SELLER_ORGNR", "921234562")
FRITT_SELLER_NAME = env_str("FRITT_SELLER_NAME", "Fritt brukervalg AS")
FRITT_SELLER_STREET = env_str("FRITT_SELLER_STREET", "Akersgata 59")
FRITT_SELLER_POSTCODE = env_str("FRITT_SELLER_POSTCODE", "0180")
FRITT_SELLER_CITY = env_str("FRITT_SELLER_CITY", "Oslo")
FRITT_SELLER_ACCOUNT = env_str("FRITT_SELLER_ACCOUNT", "15030000002")
FRITT_SELLER_EMAIL = env_str("FRITT_SELLER_EMAIL", "faktura@frittbrukervalg.no")
# How an EHF leaves: empty = not sent (the page says so); nothing is ever marked sent without
# an access point's receipt.
EHF_SENDER = env_str("EHF_SENDER")
