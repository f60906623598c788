"""Brand colours: pale ones are darkened for text until they reach WCAG AA on white."""

import pytest

from proposals.colours import TEXT_CONTRAST, contrast_ratio, readable_on_white


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("pale", ["#ffe680", "#a8e6cf", "#f4c2c2", "#ffffff", "#c0c0c0"])
def test_a_pale_brand_colour_is_darkened_to_aa(pale):
    readable = readable_on_white(pale)
    assert contrast_ratio(readable, "#ffffff") >= TEXT_CONTRAST
    # only as dark as needed: the brand stays recognisable, not black
    assert contrast_ratio(readable, "#ffffff") < TEXT_CONTRAST + 0.3 or pale in ("#ffffff",)


def test_a_dark_brand_colour_is_kept_as_it_is():
    assert readable_on_white("#1D5C63") == "#1d5c63"


def test_the_hue_is_kept_when_darkening():
    readable = readable_on_white("#ffe680")  # a pale yellow stays a yellow-brown, not grey
    red, green, blue = (int(readable[i : i + 2], 16) for i in (1, 3, 5))
    assert red > green > blue
