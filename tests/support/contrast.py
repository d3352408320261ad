# SPDX-License-Identifier: GPL-3.0-or-later
"""The contrast ratio of text against its background, as WCAG 2.1 (1.4.3)
defines it, for the browser tests: from the colours the browser computed."""


def luminance(rgb):
    def lin(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def rgb_of(css):  # "rgb(11, 93, 42)" or "rgba(11, 93, 42, 1)"
    return tuple(int(float(x)) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3])


def contrast(text_el, background_el):
    """The text colour of one element against the background colour of another (or the same)."""
    a, b = sorted((luminance(rgb_of(text_el.value_of_css_property("color"))),
                   luminance(rgb_of(background_el.value_of_css_property("background-color")))), reverse=True)
    return (a + 0.05) / (b + 0.05)
