"""EHF (Peppol BIS Billing 3.0) invoices: built as UBL 2.1 XML and validated before they leave.

`xsd/` (OASIS UBL 2.1) and `xslt/` (the EN 16931 and Peppol rules compiled from Schematron)
are copies of the official artefacts (see `ehf/README.md`); nothing reads outside the app.
"""
