"""Class bounds people can read: a class never reads "0.00 – 0.00" next to another, and one legend has one precision."""

import re

import pytest

from layers.classify import classify, legend_decimals, legend_rows

METHODS = ("quantiles", "equal_interval", "natural_breaks")


def _labels(values, method):
    return [row["label"] for row in legend_rows(classify(values, method)) if row["label"]]


def _decimals(labels):
    return {len(n.split(".")[1]) if "." in n else 0 for label in labels for n in re.findall(r"[\d,.]+", label)}


@pytest.mark.parametrize("method", METHODS)
def test_many_zeros_give_a_zero_class_and_no_two_labels_alike(method):
    classes = classify([0, 0, 0, 0, 5, 10], method)
    labels = _labels([0, 0, 0, 0, 5, 10], method)
    assert len(set(labels)) == len(labels) == classes.k
    assert all(" – " not in label or label.split(" – ")[0] != label.split(" – ")[1] for label in labels)
    if method != "equal_interval":  # a class for the zeros alone, none empty
        assert labels[0] == "0.0" and 0 not in classes.counts
    assert sum(classes.counts) == 6


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("value", [0, 3, 0.004])
def test_all_equal_values_give_one_class_of_that_value(method, value):
    classes = classify([value] * 4, method)
    assert classes.k == 1 and classes.counts == [4]
    assert _labels([value] * 4, method) == [f"{value:.{legend_decimals([value])}f}"]


@pytest.mark.parametrize("method", METHODS)
def test_one_precision_per_legend(method):
    values = [1.07, 12.3, 150, 1.07, 40.2]
    labels = _labels(values, method)
    assert len(_decimals(labels)) == 1
    assert len(set(labels)) == len(labels)


def test_precision_grows_until_bounds_read_apart():
    assert legend_decimals([1.07, 12.3, 150]) == 1  # a rate over 100% (Bangkok 119.3) keeps its one decimal
    assert legend_decimals([56.8, 71.8, 119.3]) == 1
    assert legend_decimals([12.0, 85.31, 85.34, 99.9]) == 2
    assert legend_decimals([0.001, 0.002, 0.5]) == 3
    assert legend_decimals([0.0]) == 2


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("values", [[3, 7, 12, 12, 40, 85, 85, 90, 400, 1200], [0, 0, 0, 1, 2, 2, 3, 5, 8, 13], [5, 6]])
def test_counts_of_people_read_as_whole_numbers_that_follow_on(method, values):
    classes = classify(values, method)
    labels = [row["label"] for row in legend_rows(classes, whole=True) if row["label"]]
    assert _decimals(labels) == {0} and len(set(labels)) == len(labels) == classes.k
    spans = [[int(n.replace(",", "")) for n in label.split(" – ")] for label in labels]
    assert all(span[0] < span[-1] for span in spans if len(span) == 2)  # never "12 – 12"
    assert spans[0][0] == min(values) and spans[-1][-1] == max(values)
    assert all(b[0] == a[-1] + 1 for a, b in zip(spans, spans[1:]))  # 1 – 12, then 13 – 40: nothing read twice


@pytest.mark.parametrize("method", METHODS)
def test_rates_are_classed_as_written_so_equal_looking_values_share_a_class(method):
    """Quantile bounds fall between two areas; with one decimal written, 71.77, 71.79 and 71.80 all read 71.8 and
    must not sit on both sides of a bound that also reads 71.8 (Sakon Nakhon and Ang Thong, demo, 16 Dec 2022)."""
    values = [56.8, 60.1, 64.6, 70.0, 71.77, 71.79, 71.80, 72.5, 74.0, 77.0, 80.2, 82.1, 90.0, 119.3]
    classes = classify(values, method)
    assert len({classes.index[i] for i in (4, 5, 6)}) == 1
    if method != "equal_interval":  # equal intervals are cut at equal steps, whatever the values
        written = {f"{v:.1f}" for v in [*classes.lower, *classes.upper]}
        assert all(float(w) in {round(v, 1) for v in values} for w in written)  # every bound is a value as written


@pytest.mark.parametrize("method", ["quantiles", "natural_breaks"])
def test_small_rates_are_classed_at_the_two_decimals_the_legend_writes(method):
    values = [0.72, 0.81, 1.011, 1.08, 1.133, 1.134, 1.150, 1.34, 1.99, 2.5, 3.67, 4.1, 7.87]
    classes = classify(values, method)
    assert classes.index[4] == classes.index[5]  # 1.133 and 1.134 both read 1.13
