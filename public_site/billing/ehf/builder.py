"""Builds the UBL 2.1 invoice XML of one invoice, as Peppol BIS Billing 3.0 (EHF) requires."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from lxml import etree

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
NORWEGIAN_ORGNR = "0192"
CREDIT_TRANSFER = "30"
CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Party:
    orgnr: str
    name: str
    city: str
    street: str = ""
    postcode: str = ""
    vat_registered: bool = False


def seller() -> Party:
    return Party(
        orgnr=settings.FRITT_SELLER_ORGNR,
        name=settings.FRITT_SELLER_NAME,
        street=settings.FRITT_SELLER_STREET,
        postcode=settings.FRITT_SELLER_POSTCODE,
        city=settings.FRITT_SELLER_CITY,
        vat_registered=True,
    )


class _Writer:
    def __init__(self, currency: str):
        self.currency = currency

    def el(self, parent, ns: str, tag: str, text=None, **attrs):
        node = etree.SubElement(parent, f"{{{ns}}}{tag}", **attrs)
        if text is not None:
            node.text = str(text)
        return node

    def cbc(self, parent, tag: str, text=None, **attrs):
        return self.el(parent, CBC, tag, text, **attrs)

    def cac(self, parent, tag: str):
        return self.el(parent, CAC, tag)

    def amount(self, parent, tag: str, value: Decimal):
        return self.cbc(parent, tag, f"{money(value):.2f}", currencyID=self.currency)

    def tax_category(self, parent, tag: str, percent: Decimal):
        category = self.cac(parent, tag)
        self.cbc(category, "ID", "S" if percent > 0 else "Z")
        self.cbc(category, "Percent", f"{Decimal(percent):.2f}")
        self.cbc(self.cac(category, "TaxScheme"), "ID", "VAT")
        return category

    def party(self, parent, tag: str, party: Party):
        outer = self.cac(parent, tag)
        node = self.cac(outer, "Party")
        self.cbc(node, "EndpointID", party.orgnr, schemeID=NORWEGIAN_ORGNR)
        self.cbc(self.cac(node, "PartyIdentification"), "ID", party.orgnr, schemeID="0192")
        self.cbc(self.cac(node, "PartyName"), "Name", party.name)
        address = self.cac(node, "PostalAddress")
        if party.street:
            self.cbc(address, "StreetName", party.street)
        self.cbc(address, "CityName", party.city)
        if party.postcode:
            self.cbc(address, "PostalZone", party.postcode)
        self.cbc(self.cac(address, "Country"), "IdentificationCode", "NO")
        if party.vat_registered:
            vat = self.cac(node, "PartyTaxScheme")
            self.cbc(vat, "CompanyID", f"NO{party.orgnr}MVA")
            self.cbc(self.cac(vat, "TaxScheme"), "ID", "VAT")
            # Foretaksregisterloven § 10-2 (rule NO-R-002).
            register = self.cac(node, "PartyTaxScheme")
            self.cbc(register, "CompanyID", "Foretaksregisteret")
            self.cbc(self.cac(register, "TaxScheme"), "ID", "TAX")
        legal = self.cac(node, "PartyLegalEntity")
        self.cbc(legal, "RegistrationName", party.name)
        self.cbc(legal, "CompanyID", party.orgnr, schemeID=NORWEGIAN_ORGNR)
        return node


def build_invoice_xml(invoice) -> bytes:
    """The EHF document of `invoice` (a billing Invoice with lines), UTF-8 bytes."""
    w = _Writer(invoice.currency)
    municipality = invoice.municipality
    buyer = Party(
        orgnr=municipality.orgnr, name=municipality.display_name, city=municipality.admin_centre
    )
    root = etree.Element(
        f"{{{INVOICE_NS}}}Invoice", nsmap={None: INVOICE_NS, "cac": CAC, "cbc": CBC}
    )
    w.cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    w.cbc(root, "ProfileID", PROFILE_ID)
    w.cbc(root, "ID", invoice.number)
    w.cbc(root, "IssueDate", invoice.issue_date.isoformat())
    w.cbc(root, "DueDate", invoice.due_date.isoformat())
    w.cbc(root, "InvoiceTypeCode", "380")
    w.cbc(root, "DocumentCurrencyCode", invoice.currency)
    w.cbc(root, "BuyerReference", invoice.buyer_reference)
    period = w.cac(root, "InvoicePeriod")
    w.cbc(period, "StartDate", invoice.period_start.isoformat())
    w.cbc(period, "EndDate", invoice.period_end.isoformat())
    w.party(root, "AccountingSupplierParty", seller())
    w.party(root, "AccountingCustomerParty", buyer)
    means = w.cac(root, "PaymentMeans")
    w.cbc(means, "PaymentMeansCode", CREDIT_TRANSFER)
    w.cbc(means, "PaymentID", invoice.kid)
    w.cbc(w.cac(means, "PayeeFinancialAccount"), "ID", settings.FRITT_SELLER_ACCOUNT)
    w.cbc(w.cac(root, "PaymentTerms"), "Note", "Betaling til konto med KID innen forfall.")

    lines = list(invoice.lines.all())
    by_rate: dict[Decimal, Decimal] = {}
    for line in lines:
        net = money(line.quantity * line.unit_price)
        by_rate[line.vat_percent] = by_rate.get(line.vat_percent, Decimal(0)) + net
    taxes = {rate: money(base * rate / 100) for rate, base in by_rate.items()}
    line_total = sum(by_rate.values(), Decimal(0))
    tax_total = sum(taxes.values(), Decimal(0))

    tax = w.cac(root, "TaxTotal")
    w.amount(tax, "TaxAmount", tax_total)
    for rate, base in sorted(by_rate.items()):
        sub = w.cac(tax, "TaxSubtotal")
        w.amount(sub, "TaxableAmount", base)
        w.amount(sub, "TaxAmount", taxes[rate])
        w.tax_category(sub, "TaxCategory", rate)
    totals = w.cac(root, "LegalMonetaryTotal")
    w.amount(totals, "LineExtensionAmount", line_total)
    w.amount(totals, "TaxExclusiveAmount", line_total)
    w.amount(totals, "TaxInclusiveAmount", line_total + tax_total)
    w.amount(totals, "PayableAmount", line_total + tax_total)

    for index, line in enumerate(lines, start=1):
        node = w.cac(root, "InvoiceLine")
        w.cbc(node, "ID", index)
        w.cbc(node, "InvoicedQuantity", f"{line.quantity:.2f}", unitCode="MON")
        w.amount(node, "LineExtensionAmount", line.quantity * line.unit_price)
        line_period = w.cac(node, "InvoicePeriod")
        w.cbc(line_period, "StartDate", line.period_start.isoformat())
        w.cbc(line_period, "EndDate", line.period_end.isoformat())
        item = w.cac(node, "Item")
        w.cbc(item, "Name", line.description[:100])
        w.tax_category(item, "ClassifiedTaxCategory", line.vat_percent)
        w.amount(w.cac(node, "Price"), "PriceAmount", line.unit_price)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
