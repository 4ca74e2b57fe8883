"""Suppression: primary (1–4 → "<5") and secondary (no hidden cell can be worked out)."""

from public_site.statistics.suppression import PRIMARY, SECONDARY, Cell, Sum, derived, suppress


def test_counts_of_persons_from_one_to_four_are_hidden_and_others_are_not():
    cells = suppress(
        {"zero": 0, "one": 1, "four": 4, "five": 5, "suppliers": 2},
        persons=["zero", "one", "four", "five"],
    )
    assert cells["one"].mark == cells["four"].mark == PRIMARY
    assert cells["one"].public == "<5" and cells["one"].value is None
    assert cells["zero"] == Cell(0) and cells["five"] == Cell(5)
    # Suppliers are not persons: small counts stay.
    assert cells["suppliers"] == Cell(2)


def test_a_total_that_would_reveal_a_hidden_cell_hides_one_more_part():
    # 3 + 40 = 43: with the 3 hidden, 43 − 40 would give it away.
    cells = suppress(
        {"municipal": 40, "private": 3, "total": 43},
        persons=["municipal", "private", "total"],
        sums=[Sum(["municipal", "private"], "total")],
    )
    assert cells["private"].mark == PRIMARY
    assert cells["municipal"].mark == SECONDARY
    assert cells["total"] == Cell(43)


def test_secondary_suppression_picks_the_smallest_non_zero_part_and_spreads_to_other_sums():
    values = {"a": 2, "b": 0, "c": 7, "d": 30, "total": 39, "c_and_e": 9, "e": 2}
    cells = suppress(
        values,
        persons=values,
        sums=[Sum(["a", "b", "c", "d"], "total"), Sum(["c", "e"], "c_and_e")],
    )
    assert cells["a"].mark == PRIMARY and cells["e"].mark == PRIMARY
    # c (7) is the smallest non-zero visible part of the first sum; it also protects e.
    assert cells["c"].mark == SECONDARY
    assert not cells["b"].hidden and not cells["d"].hidden
    for group in (["a", "b", "c", "d", "total"], ["c", "e", "c_and_e"]):
        assert sum(1 for k in group if cells[k].hidden) != 1


def test_a_hidden_total_hides_a_part_too():
    cells = suppress(
        {"x": 0, "y": 3, "total": 3}, persons=["x", "y", "total"], sums=[Sum(["x", "y"], "total")]
    )
    assert cells["y"].hidden and cells["total"].hidden


def test_a_figure_derived_from_a_hidden_count_is_hidden():
    assert derived(12.5, Cell(None, PRIMARY)).public == SECONDARY
    assert derived(12.5, Cell(10)).public == 12.5
