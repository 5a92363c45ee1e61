"""An episode's ``sort_key``: the one number that orders a show's episodes
across seasons and that the spoiler shield compares (``wiki.spoilers``).
Season 1 episode 2 is 1002. This module is the only place that knows how."""

EPISODES_PER_SEASON = 1000


def episode_key(season, episode):
    """The ``sort_key`` of episode ``episode`` of season ``season``."""
    return season * EPISODES_PER_SEASON + episode


def key_parts(key):
    """``(season, episode)`` of a ``sort_key``."""
    return divmod(key, EPISODES_PER_SEASON)
