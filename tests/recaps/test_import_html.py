"""TVmaze's summary HTML into our Markdown (``recaps.importing.html``): the few tags that
carry over, text that stays text whatever it holds, and script refused."""

import pytest

from recaps.importing.html import UnsafeHTML, html_to_markdown
from wiki.text.markdown import render_markdown


def page(html):
    """The HTML a reader gets for a summary, once imported and rendered."""
    return render_markdown(html_to_markdown(html))


def test_paragraphs_bold_italics_and_line_breaks_carry_over():
    html = "<p>Sam meets <b>Nellie</b> at a <i>party</i>.</p><p>One line<br>and the next.</p>"
    assert html_to_markdown(html) == "Sam meets **Nellie** at a *party*.\n\nOne line  \nand the next."
    assert page(html) == (
        "<p>Sam meets <strong>Nellie</strong> at a <em>party</em>.</p>\n<p>One line<br>\nand the next.</p>"
    )


def test_spaces_inside_emphasis_move_outside_so_it_still_renders():
    assert html_to_markdown("<p>a<strong> bold </strong>move</p>") == "a **bold** move"


def test_web_links_carry_over_and_other_links_become_their_text():
    html = (
        '<p><a href="https://example.com/a (b)">a <em>link</em></a> and <a href="ftp://x/">an ftp one</a></p>'
    )
    assert html_to_markdown(html) == "[a *link*](https://example.com/a%20%28b%29) and an ftp one"


def test_entities_are_decoded_and_other_tags_reduced_to_text():
    html = "<div>Caf&eacute;&nbsp;&amp; &quot;bar&quot;</div><ul><li>one</li><li><span>two</span></li></ul>"
    assert html_to_markdown(html) == 'Café & "bar"\n\none\n\ntwo'
    assert html_to_markdown("<style>p { color: red }</style><p>text</p><!-- a comment -->") == "text"


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("<p>*not emphasis* and _nor this_</p>", "<p>*not emphasis* and _nor this_</p>"),
        ("<p>[[Nellie]] is not a wiki link</p>", "<p>[[Nellie]] is not a wiki link</p>"),
        ("<p>[a](https://example.com) is not a link</p>", "<p>[a](https://example.com) is not a link</p>"),
        ("<p># not a heading</p>", "<p># not a heading</p>"),
        (
            "<p>- not a list<br>1. nor this<br>&gt; nor a quote</p>",
            "<p>- not a list<br>\n1. nor this<br>\n&gt; nor a quote</p>",
        ),
        ("<p>Title<br>=====</p>", "<p>Title<br>\n=====</p>"),
        ("<p>::: S1E3<br>hidden?<br>:::</p>", "<p>::: S1E3<br>\nhidden?<br>\n:::</p>"),
        (
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; as text</p>",
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; as text</p>",
        ),
        ("<p>&amp;amp; and `code` and a \\ backslash</p>", "<p>&amp;amp; and `code` and a \\ backslash</p>"),
        ("<p>a | b<br>--|--<br>c | d</p>", "<p>a | b<br>\n--|--<br>\nc | d</p>"),
    ],
    ids=[
        "emphasis",
        "wiki link",
        "link",
        "heading",
        "lists",
        "setext",
        "reveal fence",
        "tags",
        "entities",
        "table",
    ],
)
def test_markdown_in_the_text_stays_text(html, shown):
    assert page(html) == shown


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<p>Hi</p><script>alert(1)</script>", "holds a <script> tag"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "holds a <script> tag"),
        ("<iframe src=https://evil.example/></iframe>", "holds a <iframe> tag"),
        ('<img src="x" onerror="alert(1)">', "holds an event handler (onerror= on <img>)"),
        ("<p onmouseover=alert(1)>hover</p>", "holds an event handler (onmouseover= on <p>)"),
        ('<a href="javascript:alert(1)">x</a>', "links to a javascript: URL"),
        ('<a href=" JaVa&#x53;cript&colon;alert(1)">x</a>', "links to a javascript: URL"),
        ('<a href="java\tscript:alert(1)">x</a>', "links to a javascript: URL"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "links to a data: URL"),
    ],
)
def test_html_with_script_is_refused(html, message):
    with pytest.raises(UnsafeHTML) as refused:
        html_to_markdown(html)
    assert str(refused.value).startswith(message)


def test_an_empty_summary_is_empty():
    assert html_to_markdown("") == "" and html_to_markdown("<p> </p>") == ""
