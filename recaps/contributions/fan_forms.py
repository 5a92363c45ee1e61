"""The fans' forms of the public side: a vote on a cue."""

from django import forms

VOTES = [("yes", "Yes, that's the song"), ("no", "Wrong song")]


class VoteForm(forms.Form):
    """ "yes, that's the song" (``confirms`` True) or "wrong song" (False)."""

    confirms = forms.TypedChoiceField(choices=VOTES, coerce=lambda value: value == "yes")
