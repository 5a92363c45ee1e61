"""Extension points: other apps add to catalogue pages (and to a reader's
data download) without ``wiki`` importing them.

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


# An app appends a function taking a user and returning ``{section: rows}``
# (plain JSON data) to ``READER_DATA``: a signed-in reader's download of
# their own data (``wiki.exports.readers``) includes it. ``recaps`` adds
# comments, contributions and votes. A fixed number of queries each.
READER_DATA = []


def reader_data_sections(user):
    sections = {}
    for provider in READER_DATA:
        sections.update(provider(user))
    return sections
