"""Texts: the one Markdown renderer (``markdown``) and the ``[[wiki links]]`` in recaps,
synopses and bios (``refs`` reads what was written, ``resolver`` finds what it points at,
``linked`` keeps a text's links and a target's former names as rows)."""
