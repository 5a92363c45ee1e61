"""Readers' comments are plain text: paragraphs, line breaks and links to
http(s) addresses, nothing else. Every character a reader typed is escaped;
the only markup is what this module writes around it."""

import re

from django.utils.html import escape, format_html

URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
LINK_LIKE = re.compile(r"\bhttps?://|\bwww\.", re.IGNORECASE)
TRAILING = ".,;:!?)]}'\""
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def count_links(text):
    """Addresses in ``text``, linked or not (``www.`` counts too)."""
    return len(LINK_LIKE.findall(text or ""))


def _link(match):
    url = match.group(0)
    trimmed = url.rstrip(TRAILING)
    if url.endswith(")") and trimmed.count("(") > trimmed.count(")"):
        trimmed += ")"  # a link to a page whose address has brackets, like Wikipedia's
    link = format_html('<a href="{}" rel="nofollow ugc noopener">{}</a>', trimmed, trimmed)
    return link + escape(url[len(trimmed) :])


def _line(text):
    parts, position = [], 0
    for match in URL.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(_link(match))
        position = match.end()
    parts.append(escape(text[position:]))
    return "".join(parts)


def render_comment(text):
    """Plain text to HTML: blank lines make paragraphs, newlines ``<br>``,
    http(s) addresses links with ``rel="nofollow ugc noopener"``."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [p for p in PARAGRAPH_BREAK.split(text) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(_line(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
