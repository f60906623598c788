"""Colours that stay readable: a firm's brand colour, darkened where text needs contrast.

A pale brand colour (a light yellow, a pastel green) is the firm's own and stays on the
cover band; text, rules and figures drawn in it are darkened until they reach WCAG AA
contrast on white, so the client can read them.
"""

from __future__ import annotations

import colorsys

WHITE = "#ffffff"
TEXT_CONTRAST = 4.5  # WCAG AA for normal text


def _channels(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in (red, green, blue))


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour (0 black, 1 white)."""

    def linear(channel: float) -> float:
        if channel <= 0.04045:
            return channel / 12.92
        return ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def readable_on_white(colour: str, ratio: float = TEXT_CONTRAST) -> str:
    """`colour`, or the same hue darkened just enough to reach `ratio` against white."""
    if contrast_ratio(colour, WHITE) >= ratio:
        return colour.lower()
    hue, lightness, saturation = colorsys.rgb_to_hls(*_channels(colour))
    low, high = 0.0, lightness  # binary search on lightness keeps the hue and saturation
    for _ in range(24):
        middle = (low + high) / 2
        if contrast_ratio(_hex(*colorsys.hls_to_rgb(hue, middle, saturation)), WHITE) >= ratio:
            low = middle
        else:
            high = middle
    return _hex(*colorsys.hls_to_rgb(hue, low, saturation))
