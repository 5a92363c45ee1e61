"""The one renderer: ordinary Markdown survives, nothing that runs code or restyles the page does."""

import html
from html.parser import HTMLParser

import pytest

from wiki.text.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    '<img src="https://ok.example/x.png" onload="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<body onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](%6Aavascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[x]: javascript:alert(1)\n\n[a reference link][x]",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    '<img srcset="javascript:alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="position:fixed;top:0;left:0;width:100%">overlay</p>',
    '<img src="x" style="width:expression(alert(1))">',
    "<style>body{display:none}</style>",
    '<link rel=stylesheet href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example"><input name=p></form>',
    "<button formaction=javascript:alert(1)>x</button>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    '<a href="https://ok.example" onmouseover=alert(1)>ok</a>',
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<textarea><script>alert(1)</script></textarea>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<!--<script>alert(1)</script>-->",
    "```\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    "[[<script>alert(1)</script>]]",
    "[[Nellie|<img src=x onerror=alert(1)>]]",
    "[[javascript:alert(1)]]",
    '[[Nellie|x" onmouseover="alert(1)]]',
    '<a class="wikilink missing" href="javascript:alert(1)">spoofed</a>',
    '<p class="site-header" id="main">class and id injection</p>',
]
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"class", "rel"} if tag == "a" else set())
        for name, value in attrs:
            if name not in allowed or name.startswith("on") or name == "style":
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in ("href", "src", "srcset"):
                # As a browser reads a URL: entities decoded, whitespace and controls ignored.
                url = "".join(ch for ch in html.unescape(value or "") if ord(ch) > 32).lower()
                if url.startswith(BAD_SCHEMES):
                    self.problems.append(f"{name}={value!r}")
            if name == "class" and not set((value or "").split()) <= {"wikilink", "missing"}:
                self.problems.append(f"class={value!r}")


def test_at_least_forty_hostile_inputs_are_tested():
    assert len(HOSTILE) >= 40


@pytest.mark.django_db
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_renders_without_script_handlers_or_bad_urls(text):
    output = render_markdown(text)
    inspector = _Inspector()
    inspector.feed(output)
    assert inspector.problems == [], output
    lowered = output.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<style" not in lowered


@pytest.mark.django_db
def test_code_keeps_hostile_text_visible_but_inert():
    output = render_markdown("```\n<script>alert(1)</script>\n```")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in output


def test_ordinary_markdown_survives():
    text = (
        "## Heading\n\n*em* and **strong** and ~~no~~ `code`\n\n- one\n- two\n\n1. first\n\n"
        "> a quote\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
        '![A still](https://img.example/still.png)\n\n[a link](https://example.com/page "Title")\n'
    )
    output = render_markdown(text)
    for fragment in ["<h2>Heading</h2>", "<em>em</em>", "<strong>strong</strong>", "<code>code</code>",
                     "<li>one</li>", "<ol>", "<blockquote>", "<table>", "<td>2</td>",
                     'src="https://img.example/still.png"', 'alt="A still"',
                     'href="https://example.com/page"', 'title="Title"']:  # fmt: skip
        assert fragment in output, fragment
