"""The monthly rollups give the dashboard exactly the figures the facts give, and a late count
into a closed month sends reading back to the facts until the next build."""

import datetime
import random

import pytest
from dateutil.relativedelta import relativedelta

from public_site.catalogue.models import ServiceType
from public_site.statistics import projection, rollups, selectors
from public_site.statistics.models import Fact, MonthRollup, SchemeFact
from public_site.statistics.selectors import Filters
from public_site.statistics.tables import Dashboard
from tenants.municipalities.models import Municipality

THIS_MONTH = projection.month_of(None)


@pytest.fixture
def history(db):
    """Fourteen months of random facts, current month included, for municipalities of every
    population band in several counties, some without a service (quality cases)."""
    rng = random.Random(10)
    services = list(ServiceType.objects.all()[:3])
    chosen = list(Municipality.registry.order_by("-population")[:6]) + list(
        Municipality.registry.order_by("population")[:6]
    )
    first = THIS_MONTH - relativedelta(months=13)
    facts = []
    for m in chosen:
        for service in [*services, None]:
            for i in range(14):
                if rng.random() < 0.3:
                    continue
                facts.append(
                    Fact(
                        municipality=m,
                        service_type=service,
                        month=first + relativedelta(months=i),
                        schemes_live=(1 if i == 0 else rng.choice([0, 0, 0, 1, -1]))
                        if service
                        else 0,
                        suppliers_active=rng.randint(-1, 3) if service else 0,
                        decisions=rng.randint(0, 9),
                        served_private=rng.randint(-2, 6),
                        served_municipal=rng.randint(-2, 6),
                        applications_received=rng.randint(0, 3),
                        switches=rng.randint(0, 4),
                        complaints_municipal=rng.randint(0, 2),
                        processing_days={str(rng.randint(3, 40)): rng.randint(1, 2)},
                    )  # fmt: skip
                )
    Fact.objects.bulk_create(facts)
    # Schemes, some joint: each counts in its host and in one other municipality from a later
    # month, with a supplier level that moves at random.
    schemes = []
    for n, host in enumerate(chosen[:8]):
        service = services[n % len(services)]
        places = [(host, 0), (chosen[(n + 5) % len(chosen)], rng.randint(1, 6))]
        for place, since in places[: 1 + n % 2]:
            level = 0
            for i in range(since, 14):
                step = rng.randint(0, 2) if i == since else rng.choice([0, 0, 1, -1])
                step = max(step, -level)
                level += step
                if step or i == since:
                    schemes.append(
                        SchemeFact(
                            host=host, scheme_id=n, municipality=place, service_type=service,
                            month=first + relativedelta(months=i), live=int(i == since),
                            suppliers=step,
                        )
                    )  # fmt: skip
    SchemeFact.objects.bulk_create(schemes)
    return {"services": services, "chosen": chosen}


def live(filters):
    country = Filters(service=filters.service, start=filters.start, end=filters.end)
    return selectors.Figures(
        selectors.levels(country),
        selectors.monthly(filters),
        selectors.processing_days(filters),
    )


def comparable(figures):
    levels = {
        key: {name: row[name] or 0 for name in ("schemes_live", "suppliers_active", "decisions",
                                               "served_municipal", "served_private")}
        for key, row in figures.levels.items()
    }  # fmt: skip
    return (
        {k: v for k, v in levels.items() if any(v.values())},
        figures.months,
        figures.days,
    )


def test_the_rollups_give_the_same_figures_as_the_facts(history):
    assert rollups.rebuild() > 0
    service = history["services"][0].pk
    county = f"f{history['chosen'][0].county_id}"
    earlier = THIS_MONTH - relativedelta(months=3)
    choices = [
        Filters(),
        Filters(service=service),
        Filters(area=county),
        Filters(area="b1", service=service),
        Filters(area="b4"),
        Filters(start=THIS_MONTH - relativedelta(months=20), end=earlier),
        Filters(area=county, service=service, start=earlier, end=earlier),
        Filters(start=THIS_MONTH, end=THIS_MONTH),
    ]
    for filters in choices:
        rolled = rollups.read(filters)
        assert rolled is not None, filters
        assert comparable(rolled) == comparable(live(filters)), filters


def test_whole_tables_agree_and_one_municipality_reads_its_facts(history):
    earlier = THIS_MONTH - relativedelta(months=2)
    choices = [
        Filters(),
        Filters(service=history["services"][1].pk),
        Filters(area=f"f{history['chosen'][0].county_id}"),
        Filters(area="b1", start=THIS_MONTH - relativedelta(months=12), end=earlier),
    ]
    before = [[t.as_data() for t in Dashboard.read(f).tables()] for f in choices]
    series = next(t for t in before[0] if t["key"] == "series")
    assert any(row["schemes_below_two"] for row in series["rows"])  # the schemes are read
    rollups.rebuild()
    assert [[t.as_data() for t in Dashboard.read(f).tables()] for f in choices] == before
    one = history["chosen"][0]
    assert rollups.read(Filters(area=f"k{one.kommunenummer}")) is None


def test_a_late_count_into_a_closed_month_falls_back_to_the_facts(history):
    rollups.rebuild()
    late = THIS_MONTH - relativedelta(months=2)
    assert MonthRollup.objects.filter(month__gte=late).exists()
    service = history["services"][0]
    projection.count(
        service_type_id=service.pk,
        at=late + datetime.timedelta(days=3),
        municipality=history["chosen"][0],
        complaints_private=1,
    )
    assert not MonthRollup.objects.filter(month__gte=late).exists()
    assert MonthRollup.objects.filter(month__lt=late).exists()
    assert rollups.read(Filters()) is None
    assert rollups.read(Filters(end=late - relativedelta(months=1))) is not None
    # A count in the current month leaves the closed months alone.
    rollups.rebuild()
    projection.count(
        service_type_id=service.pk, municipality=history["chosen"][0], complaints_private=1
    )
    assert rollups.read(Filters()) is not None
