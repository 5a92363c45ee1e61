"""Extension points: other apps add to catalogue pages without ``wiki`` importing them.

An app appends a function to ``EPISODE_PAGE`` in its ``AppConfig.ready()``
(``recaps`` adds the episode's published recaps). The episode view calls
each with the episode and adds what it returns to the page's context; each
provider must cost a fixed number of queries.
"""

EPISODE_PAGE = []


def episode_page_context(episode):
    context = {}
    for provider in EPISODE_PAGE:
        context.update(provider(episode))
    return context
