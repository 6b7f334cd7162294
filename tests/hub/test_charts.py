"""Server-drawn bar charts: well-formed SVG that says its numbers in words, bars in proportion."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from hub.web import charts

SVG = "{http://www.w3.org/2000/svg}"


def parsed(chart: charts.BarChart) -> ET.Element:
    return ET.fromstring(str(chart.svg()))


def test_the_svg_parses_and_is_labelled_by_its_title_and_description():
    chart = charts.bar_chart("people", "People at each step", [("Newcomer", 12), ("Host", 3)])
    svg = parsed(chart)
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "People at each step"
    assert desc.text == "Newcomer: 12; Host: 3."
    assert svg.get("viewBox", "").startswith("0 0 ")  # scales with its box: readable at 320 px
    assert "style" not in str(chart.svg())  # the CSP forbids inline styles: colours come from classes


def test_bar_lengths_are_proportional_to_the_numbers():
    values = [7, 0, 21, 14]
    chart = charts.bar_chart("c", "T", [(f"Bar {i}", v) for i, v in enumerate(values)])
    widths = [float(r.get("width", "")) for r in parsed(chart).iter(f"{SVG}rect")]
    assert widths[2] == charts.BAR_MAX
    assert widths == pytest.approx([v / 21 * charts.BAR_MAX for v in values], abs=0.01)


def test_every_bar_carries_its_label_and_number_as_text_so_colour_is_never_the_only_cue():
    chart = charts.bar_chart("c", "T", [("Newcomer", 12), ("Returner", 0.5)], shown=["12", "50%"])
    texts = [t.text for t in parsed(chart).iter(f"{SVG}text")]
    assert texts == ["Newcomer", "12", "Returner", "50%"]


def test_labels_are_escaped_and_ids_are_safe():
    chart = charts.bar_chart("org 1/<x>", "A & B", [("<b>Ana & Ben</b>", 2)])
    svg = parsed(chart)
    assert next(t.text for t in svg.iter(f"{SVG}text")) == "<b>Ana & Ben</b>"
    title = svg.find(f"{SVG}title")
    assert title is not None and title.get("id") == "org-1--x--title"


def test_a_chart_of_zeros_or_of_nothing_draws_no_bar_and_says_so():
    zeros = parsed(charts.bar_chart("z", "T", [("A", 0), ("B", 0)]))
    assert [r.get("width") for r in zeros.iter(f"{SVG}rect")] == ["0", "0"]
    empty = charts.bar_chart("e", "T", [])
    assert empty.desc == "No figures to show."
    assert list(parsed(empty).iter(f"{SVG}rect")) == []


def test_a_negative_bar_or_a_missing_shown_text_is_refused():
    with pytest.raises(ValueError):
        charts.bar_chart("n", "T", [("A", -1)])
    with pytest.raises(ValueError):
        charts.bar_chart("n", "T", [("A", 1), ("B", 2)], shown=["1"])


def test_a_long_label_is_shortened_in_the_picture_and_kept_whole_in_the_description():
    long = "Greater Hope Baptist Church Community Hall"
    chart = charts.bar_chart("l", "T", [(long, 3)])
    label = next(parsed(chart).iter(f"{SVG}text")).text or ""
    assert len(label) <= charts.LABEL_MAX and label.endswith("…")
    assert long in chart.desc
