"""What a recap gives the search index (``wiki.search.index``): published recaps only."""

from wiki.models import Episode
from wiki.search.index import Source, name_list, plain_text, register, watch, words

from .models import Recap


def _recap(recap, former):
    if recap.status != Recap.Status.PUBLISHED:
        return None
    episode, author = recap.episode, recap.author.get_full_name() or recap.author.get_username()
    return {
        "show_id": episode.show_id,
        "episode_key": episode.sort_key,
        "title": recap.title,
        "subtitle": f"Recap of {episode.code} by {author}",
        "url": recap.get_absolute_url(),
        "names": name_list(recap.title),
        "credits": " ".join(words(author)),
        "body": f"{recap.dek} {plain_text(recap.body_html)}".strip(),
    }


def _recaps_of_episode(episode):
    return [("recap", pk) for pk in Recap.objects.filter(episode=episode).values_list("pk", flat=True)]


def register_recaps():
    register(Source("recap", Recap, lambda: Recap.objects.with_page_data(), _recap))
    watch(Episode, _recaps_of_episode)
