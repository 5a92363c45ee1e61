"""schema.org ``Article`` JSON-LD for a recap page (``wiki.pages.structured_data``),
from the rows the page already loaded: headline, author, dates, the episode."""

from wiki.pages.structured_data import _base, _image, _text, register

from .models import Recap


@register(Recap)
def article(recap, absolute, progress):
    episode = recap.episode
    return _base(
        "Article",
        recap.title,
        absolute(recap.get_absolute_url()),
        headline=recap.title[:110],
        description=recap.dek or _text(recap.body_html, progress, episode.show_id)[:300],
        author={"@type": "Person", "name": recap.byline},
        datePublished=recap.published_at,
        dateModified=recap.updated_at,
        wordCount=recap.word_count,
        image=_image(recap.lead_image, absolute),
        publisher={"@type": "Organization", "name": "Cuesheet", "url": absolute("/")},
        mainEntityOfPage=absolute(recap.get_absolute_url()),
        about={
            "@type": "TVEpisode",
            "name": episode.title,
            "episodeNumber": episode.number,
            "url": absolute(episode.get_absolute_url()),
            "partOfSeries": {
                "@type": "TVSeries",
                "name": episode.show.title,
                "url": absolute(episode.show.get_absolute_url()),
            },
        },
    )
