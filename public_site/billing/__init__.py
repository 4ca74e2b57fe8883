"""The municipality as a customer: joining, the signed agreements, invoices (EHF)."""
