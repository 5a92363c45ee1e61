"""The one Markdown renderer: Markdown, then an allow-list sanitizer (nh3).

Every stored ``*_html`` field and the editor preview go through
``render_markdown``; templates mark its output safe in one place
(``wiki.templatetags.wiki_tags.rendered``).
"""

import re

import markdown as md
import nh3

REVEAL_FENCE = re.compile(
    r"^:::[ \t]*[Ss](?P<season>\d{1,3})[Ee](?P<episode>\d{1,3})[ \t]*\r?\n(?P<body>.*?)^:::[ \t]*$",
    re.M | re.S,
)
REVEAL_BLOCK = re.compile(r'<section class="reveal" data-reveal="(?P<key>\d+)">.*?</section>', re.S)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["extra", "sane_lists"]


def sanitize_html(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def _render(text):
    return (
        sanitize_html(md.markdown(text, extensions=EXTENSIONS, output_format="html")) if text.strip() else ""
    )


def render_markdown(text: str) -> str:
    """Render editor-written Markdown to safe HTML.

    A passage fenced as ``::: S1E3`` … ``:::`` is revealed in that episode: it
    is wrapped in a marked ``<section>`` that ``shield_html`` removes for
    readers who have not got that far (and that the preview labels).
    """
    if not text:
        return ""
    parts, position = [], 0
    for match in REVEAL_FENCE.finditer(text):
        season, episode = int(match["season"]), int(match["episode"])
        parts.append(_render(text[position : match.start()]))
        parts.append(
            f'<section class="reveal" data-reveal="{season * 1000 + episode}">'
            f'<p class="reveal-label">Revealed in S{season}E{episode}</p>{_render(match["body"])}</section>'
        )
        position = match.end()
    parts.append(_render(text[position:]))
    return "".join(parts)


def shield_html(html: str, limit: int | None) -> str:
    """Drop the passages revealed after episode ``limit`` (a sort_key).

    Only our own wrappers match: the sanitizer strips any ``<section>`` an
    editor types, so a text cannot forge or close one.
    """
    if limit is None or "data-reveal" not in html:
        return html
    return REVEAL_BLOCK.sub(lambda m: "" if int(m["key"]) > limit else m[0], html)
