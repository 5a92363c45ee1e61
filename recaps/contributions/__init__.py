"""Fans contribute: song suggestions, unidentified-song reports, corrections
and votes, and the editors' review of them.

- ``services``: every write (suggest, report, propose, accept, decline,
  patrol, vote, notify) and the rules they share: rate limits, duplicates
  merged, trust, the merge rules of editors' own saves, history;
- ``values``: what a fan may type (plain text, allowed listening links) and
  which fields of which model a correction may change;
- the forms and views of each side beside them (``suggest_*``, ``review_*``, ``votes_*``).

The models are in ``recaps.models.contributions``.
"""
