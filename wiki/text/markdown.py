"""The one Markdown renderer: Markdown, then [[wiki links]], then an allow-list sanitizer (nh3).

Every stored ``*_html`` field and the editor preview go through
``render_markdown``; templates mark its output safe in one place
(``wiki.pages.templating.rendered``).

Wiki links: the renderer finds every ``[[Nellie]]``, ``[[Nellie|her]]``,
``[[song:Heat]]`` or ``[[S1E3]]`` in the text and asks a *resolver* for all
of them at once (``wiki.text.resolver.LinkResolver``, a fixed number of queries
for any number of links). Links inside code are left alone.
"""

import re
import xml.etree.ElementTree as etree

import markdown as md
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from wiki.episode_keys import episode_key

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
ALLOWED_CLASSES = {"a": {"wikilink", "missing"}}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["extra", "sane_lists"]

WIKILINK_PATTERN = r"\[\[([^\[\]|\n]{1,200})(?:\|([^\[\]\n]{1,200}))?\]\]"
WIKILINK_PRIORITY = 175  # after code spans (190), before links (160)


def wikilink_key(ref: str) -> str:
    """How a link's target is compared: case and spacing do not matter."""
    return " ".join(ref.split()).casefold()


class _WikiLinks(InlineProcessor):
    def __init__(self, links, used):
        super().__init__(WIKILINK_PATTERN)
        self.links, self.used = links, used

    def handleMatch(self, m, data):  # noqa: N802 — Markdown's API
        link = self.links.get(wikilink_key(m.group(1)))
        if link is None:
            return None, None, None
        self.used.append(link)
        element = etree.Element("a", {"href": link.url, "class": link.css_class})
        if link.missing:
            element.set("title", f"No page for “{link.name}” yet")
        element.text = (m.group(2) or "").strip() or link.name
        return element, m.start(0), m.end(0)


class _WikiLinkExtension(Extension):
    def __init__(self, links, used):
        super().__init__()
        self.links, self.used = links, used

    def extendMarkdown(self, md):  # noqa: N802 — Markdown's API
        md.inlinePatterns.register(_WikiLinks(self.links, self.used), "wikilink", WIKILINK_PRIORITY)


def sanitize_html(html: str) -> str:
    """Keep only the allow-listed tags, attributes, classes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def render_markdown(text: str, resolver=None, found: list | None = None) -> str:
    """Render editor-written Markdown to safe HTML.

    ``resolver`` takes ``{key: target as written}`` and returns ``{key: Link}``
    (``wiki.text.resolver.LinkResolver`` of the text's show; the caller picks it, so
    this module needs nothing of the catalogue). Without one, links stay text.
    Every link the text really contains is appended to ``found``.

    A passage fenced as ``::: S1E3`` … ``:::`` is revealed in that episode: it
    is wrapped in a marked ``<section>`` that ``shield_html`` removes for
    readers who have not got that far (and that the preview labels).
    A NUL byte becomes U+FFFD, as CommonMark requires.
    """
    if not text:
        return ""
    text = text.replace("\x00", "\ufffd")  # as CommonMark says: no NUL reaches a link lookup or the page
    refs = {wikilink_key(m.group(1)): m.group(1).strip() for m in re.finditer(WIKILINK_PATTERN, text)}
    links = {}
    if refs and resolver is not None:
        links = resolver(refs)
    used = []
    extensions = [*EXTENSIONS, _WikiLinkExtension(links, used)]

    def render(part):
        return (
            sanitize_html(md.markdown(part, extensions=extensions, output_format="html"))
            if part.strip()
            else ""
        )

    parts, position = [], 0
    for match in REVEAL_FENCE.finditer(text):
        season, episode = int(match["season"]), int(match["episode"])
        parts.append(render(text[position : match.start()]))
        parts.append(
            f'<section class="reveal" data-reveal="{episode_key(season, episode)}">'
            f'<p class="reveal-label">Revealed in S{season}E{episode}</p>{render(match["body"])}</section>'
        )
        position = match.end()
    parts.append(render(text[position:]))
    if found is not None:
        found.extend(used)
    return "".join(parts)


def shield_html(html: str, limit: int | None) -> str:
    """Drop the passages revealed after episode ``limit`` (a sort_key).

    Only our own wrappers match: the sanitizer strips any ``<section>`` an
    editor types, so a text cannot forge or close one.
    """
    if limit is None or "data-reveal" not in html:
        return html
    return REVEAL_BLOCK.sub(lambda m: "" if int(m["key"]) > limit else m[0], html)


def shield_markdown(text: str, limit: int | None) -> str:
    """``shield_html`` for the Markdown source: drop the ``::: S1E3`` passages
    revealed after episode ``limit`` (a sort_key), for exports of the text itself."""
    if limit is None or ":::" not in text:
        return text
    return REVEAL_FENCE.sub(
        lambda m: "" if episode_key(int(m["season"]), int(m["episode"])) > limit else m[0], text
    )
