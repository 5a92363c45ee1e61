"""Outside HTML (TVmaze's summaries) into our Markdown, safely.

Only paragraphs, line breaks, bold, italics and http(s)/mailto links carry
over; every other tag is reduced to its text (block tags still end a
paragraph). Text is escaped so that it stays text: a ``*``, ``[[Nellie]]``,
``# heading`` or ``::: S1E3`` fence in a summary can never become markup,
a wiki link or a spoiler section here. HTML that tries to run script (a
``<script>``-like tag, an ``on…=`` handler, a ``javascript:`` URL) is not
cleaned but refused: a source sending it is not a source to trust.
"""

import re
from html.parser import HTMLParser

SCRIPT_TAGS = {"script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "meta", "link"}
DROPPED_TAGS = {"style", "template", "noscript", "title", "head"}  # their content is not text
BLOCK_TAGS = {
    "p", "div", "section", "article", "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "header", "footer", "figure", "figcaption",
}  # fmt: skip
EMPHASIS = {"b": "**", "strong": "**", "i": "*", "em": "*"}
LINK_SCHEMES = ("http://", "https://", "mailto:")
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "srcset"}

INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]()|!])")
LOOKS_LIKE_TAG = re.compile(r"<(?=[A-Za-z/!?])")
LOOKS_LIKE_ENTITY = re.compile(r"&(?=#?\w+;)")
LINE_START = re.compile(r"^(?:[#>+\-]|[=:~]|\d+[.)])")


class UnsafeHTML(ValueError):
    """The HTML holds script: ``str()`` says what, for the refusal."""


def escape_text(text):
    """Plain text as Markdown that renders back to the same text."""
    text = INLINE_SPECIALS.sub(r"\\\1", text)
    text = LOOKS_LIKE_ENTITY.sub("&amp;", text)
    return LOOKS_LIKE_TAG.sub("&lt;", text)


def _escape_line_start(line):
    """Keep a line from opening a heading, quote, list, setext rule or ``:::`` fence."""
    line = line.lstrip(" ")
    match = LINE_START.match(line)
    if not match:
        return line
    start = match.group(0)
    if start in "=:~":
        return f"&#{ord(start)};" + line[1:]
    if start[0].isdigit():
        return start[:-1] + "\\" + line[len(start) - 1 :]
    return "\\" + line


def _clean_url(url):
    """``url`` as a Markdown link target, or "" when it is not a web or mail link."""
    url = url.strip()
    if not url.lower().startswith(LINK_SCHEMES):
        return ""
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), ("\\", "%5C")):
        url = url.replace(char, code)
    return url


def _scheme(value):
    """A URL's scheme as a browser reads it: control characters and spaces ignored."""
    return re.sub(r"[\x00-\x20\x7f]", "", value).lower()


class _Converter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # finished paragraphs
        self.stack = [["", []]]  # open inline elements: [markdown marker or href, parts]
        self.dropping = 0

    # Safety first: every tag is checked before anything else is done with it.
    def _check(self, tag, attrs):
        if tag in SCRIPT_TAGS:
            raise UnsafeHTML(f"holds a <{tag}> tag: HTML with script is refused")
        for name, value in attrs:
            if name.startswith("on"):
                raise UnsafeHTML(f"holds an event handler ({name}= on <{tag}>): HTML with script is refused")
            if name in URL_ATTRIBUTES and _scheme(value or "").startswith(SCRIPT_SCHEMES):
                raise UnsafeHTML(
                    f"links to a {_scheme(value).split(':')[0]}: URL: HTML with script is refused"
                )
            if name == "style" and "expression(" in (value or "").lower().replace(" ", ""):
                raise UnsafeHTML("holds a script expression in a style: HTML with script is refused")

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag in DROPPED_TAGS:
            self.dropping += 1
        elif tag in BLOCK_TAGS:
            self._end_block()
        elif tag == "br":
            self._text_part("\n")
        elif tag in EMPHASIS:
            self.stack.append([EMPHASIS[tag], []])
        elif tag == "a":
            self.stack.append([("a", _clean_url(dict(attrs).get("href") or "")), []])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br",) and tag not in BLOCK_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in DROPPED_TAGS:
            self.dropping = max(0, self.dropping - 1)
        elif tag in BLOCK_TAGS:
            self._end_block()
        elif tag in EMPHASIS:
            self._close(lambda kind: kind == EMPHASIS[tag])
        elif tag == "a":
            self._close(lambda kind: isinstance(kind, tuple))

    def handle_data(self, data):
        if not self.dropping:
            self._text_part(escape_text(re.sub(r"[\s\xa0]+", " ", data)))

    def _text_part(self, text):
        self.stack[-1][1].append(text)

    def _close(self, matches):
        """Close the innermost open element ``matches`` accepts (and any opened inside it)."""
        if not any(matches(kind) for kind, _ in self.stack[1:]):
            return  # a stray end tag
        while True:
            kind, parts = self.stack.pop()
            self._text_part(_wrap(kind, "".join(parts)))
            if matches(kind):
                return

    def _end_block(self):
        while len(self.stack) > 1:
            kind, parts = self.stack.pop()
            self._text_part(_wrap(kind, "".join(parts)))
        lines = [re.sub(" +", " ", line).strip() for line in "".join(self.stack[0][1]).split("\n")]
        lines = [_escape_line_start(line) for line in lines if line]
        if lines:
            self.blocks.append("  \n".join(lines))
        self.stack = [["", []]]

    def markdown(self):
        self.close()
        self._end_block()
        return "\n\n".join(self.blocks)


def _wrap(kind, text):
    """An element's Markdown: its marker around the text, spaces kept outside."""
    core = text.strip(" ")
    if not core or "\n" in core and not isinstance(kind, tuple):
        return text  # emphasis across a line break does not render: keep the text
    lead, trail = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")) :]
    if isinstance(kind, tuple):
        url = kind[1]
        return f"{lead}[{core}]({url}){trail}" if url and "\n" not in core else text
    return f"{lead}{kind}{core}{kind}{trail}"


def html_to_markdown(html):
    """TVmaze summary HTML as Markdown; raises ``UnsafeHTML`` when it holds script."""
    if not html:
        return ""
    if "\x00" in html:
        raise UnsafeHTML("holds a NUL byte")
    converter = _Converter()
    converter.feed(html)
    return converter.markdown()
