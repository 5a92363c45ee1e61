"""A show's accent colour as a small stylesheet of CSS custom properties.

The Content-Security-Policy forbids inline styles, so a show's pages link
``/accents/<hex>.css``: the stylesheet depends on the colour alone, so it is
cached for good and costs no query. Editors may pick any colour; the text
and tint colours derived here keep WCAG AA contrast (4.5:1 for text, 3:1 for
marks) against the site's light and dark backgrounds (``static/css/site.css``).
"""

# The backgrounds accent-coloured text sits on, per theme (see site.css :root).
LIGHT = {"bg": "#fbfaf7", "surface": "#ffffff"}
DARK = {"bg": "#15141a", "surface": "#1e1d25"}
WHITE, BLACK = (255, 255, 255), (0, 0, 0)


def _rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def _hex(rgb):
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def _mix(a, b, amount):
    """``amount`` of ``b`` into ``a`` (0: a, 1: b)."""
    return tuple(x + (y - x) * amount for x, y in zip(a, b, strict=True))


def _luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    la, lb = sorted((_luminance(_rgb(a)), _luminance(_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _readable(colour, backgrounds, ratio, toward):
    """``colour`` mixed toward black or white just enough to reach ``ratio``
    against every background."""
    for step in range(101):
        candidate = _hex(_mix(_rgb(colour), toward, step / 100))
        if all(contrast(candidate, bg) >= ratio for bg in backgrounds):
            return candidate
    return _hex(toward)


def palette(accent):
    """The custom properties for the light and the dark theme, as two dicts."""
    light_soft = _hex(_mix(WHITE, _rgb(accent), 0.12))
    dark_soft = _hex(_mix(_rgb(DARK["surface"]), _rgb(accent), 0.25))
    return (
        _theme(accent, [*LIGHT.values(), light_soft], BLACK, light_soft),
        _theme(accent, [*DARK.values(), dark_soft], WHITE, dark_soft),
    )


def _theme(accent, backgrounds, toward, soft):
    return {
        "--accent": _readable(accent, backgrounds, 3.0, toward),
        "--accent-text": _readable(accent, backgrounds, 4.6, toward),
        "--accent-soft": soft,
    }


def stylesheet(accent):
    light, dark = palette(accent)

    def rules(values):
        return " ".join(f"{name}: {value};" for name, value in values.items())

    return (
        f":root {{ {rules(light)} }}\n@media (prefers-color-scheme: dark) {{ :root {{ {rules(dark)} }} }}\n"
    )
