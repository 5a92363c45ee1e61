"""Reading an admin change form as a browser would: what it would post back."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    """Collects the successful controls of the admin's change form: inputs (checked boxes only),
    textareas and selected options, skipping the inlines' ``__prefix__`` templates."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self._in_form, self._textarea, self._select = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self._in_form = attrs.get("id", "").endswith("_form")  # the admin's change form
        if not self._in_form:
            return
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "image"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self._add(name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and "__prefix__" not in self._textarea:
            values = self.data[self._textarea]
            values[-1] = (values[-1] + data).removeprefix("\n")  # browsers drop a textarea's first newline

    def _add(self, name, value):
        if "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)


def form_data(page):
    """``{name: value}`` (or a list, for a multiple select) of what the page's form would post."""
    parser = _FormFields()
    parser.feed(page)
    return {name: values[0] if len(values) == 1 else values for name, values in parser.data.items()}


def open_change_form(client, url):
    """GET an admin change form and return what saving it unchanged would post."""
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.content.decode())
