"""Demo content: the series *Soundtrack* (Netflix, 2019), season 1.

The facts (characters, songs, original artists, who sings what, the order
of scenes) come from a published recap of episode 2; every sentence here is
Cuesheet's own. ``manage.py load_demo`` loads it idempotently.
"""

from datetime import date

from wiki.models.people import CastRole

SHOW = {
    "slug": "soundtrack",
    "title": "Soundtrack",
    "network": "Netflix",
    "first_year": 2019,
    "last_year": 2019,
    "accent_color": "#c2410c",
    "description": (
        "A musical drama set in Los Angeles in which the characters sing their feelings "
        "over well-known pop songs. Each episode follows two people whose lives cross, "
        "and the hits that score their best and worst moments."
    ),
}

PEOPLE = [
    {"slug": "callie-hernandez", "name": "Callie Hernandez"},
    {"slug": "paul-james", "name": "Paul James"},
    {"slug": "jenna-dewan", "name": "Jenna Dewan"},
    {"slug": "madeleine-stowe", "name": "Madeleine Stowe"},
]

CHARACTERS = [
    {
        "slug": "nellie",
        "name": "Nellie",
        "aliases": "Nellie Taylor, Nel",
        "role": CastRole.MAIN,
        "played_by": "callie-hernandez",
        "bio": (
            "An artist who has stopped making art. Nellie keeps a sketchbook of her work, "
            "dates Sam after her last relationship ended badly, and sings when words fail her."
        ),
    },
    {
        "slug": "sam",
        "name": "Sam",
        "aliases": "Sam Kuyper",
        "role": CastRole.MAIN,
        "played_by": "paul-james",
        "bio": (
            "A young father who once trained as a classical pianist. He still writes and "
            "plays guitar, for himself rather than for an audience."
        ),
    },
    {
        "slug": "joanna",
        "name": "Joanna",
        "aliases": "Jo",
        "role": CastRole.MAIN,
        "played_by": "jenna-dewan",
        "bio": (
            "A dancer chasing auditions in Los Angeles before she changes course and "
            "becomes a social-services caseworker, the job in which she later meets Sam."
        ),
    },
    {
        "slug": "levi",
        "name": "Levi",
        "aliases": "",
        "role": CastRole.RECURRING,
        "played_by": None,
        "bio": "Nellie's former boyfriend, who ended things with her over dinner.",
    },
    {
        "slug": "nellies-mother",
        "name": "Nellie's mother",
        "aliases": "Margaret, Mrs. Taylor",
        "role": CastRole.RECURRING,
        "played_by": "madeleine-stowe",
        "bio": "Nellie's mother, who has firm opinions about her daughter's life and career.",
    },
    {
        "slug": "nellies-friend",
        "name": "Nellie's friend",
        "aliases": "",
        "role": CastRole.GUEST,
        "played_by": None,
        "bio": "Nellie's confidante, quick with blunt advice about Sam.",
    },
    {
        "slug": "crying-woman",
        "name": "The crying woman",
        "aliases": "woman crying at the audition",
        "role": CastRole.GUEST,
        "played_by": None,
        "bio": (
            "A woman Joanna finds in tears in the bathroom at her final audition, "
            "and who seems to turn up again on the other side of the judges' table."
        ),
    },
]

ARTISTS = [
    {"slug": "kelly-clarkson", "name": "Kelly Clarkson"},
    {"slug": "lily-allen", "name": "Lily Allen"},
    {"slug": "robyn", "name": "Robyn"},
    {"slug": "katy-perry", "name": "Katy Perry"},
    {"slug": "duffy", "name": "Duffy"},
]

# Listen links only where the official release is known for certain (Katy Perry's
# official video on her VEVO channel); the others stay blank, and their pages offer
# searches of the streaming services instead of a guessed address.
SONGS = [
    {"slug": "heat", "title": "Heat", "artist": "kelly-clarkson", "album": "Meaning of Life", "year": 2017},
    {"slug": "never-gonna-happen", "title": "Never Gonna Happen", "artist": "lily-allen", "album": "It's Not Me, It's You", "year": 2009},
    {"slug": "crash-and-burn-girl", "title": "Crash and Burn Girl", "artist": "robyn", "album": "Robyn", "year": 2005},
    {"slug": "unconditionally", "title": "Unconditionally", "artist": "katy-perry", "album": "Prism", "year": 2013,
     "youtube_url": "https://www.youtube.com/watch?v=XjwZAa2EjKA"},
    {"slug": "mercy", "title": "Mercy", "artist": "duffy", "album": "Rockferry", "year": 2008},
]  # fmt: skip

EPISODES = [
    {
        "number": 1,
        "title": "Track 1: Sam and Nellie",
        "air_date": date(2019, 12, 18),
        "synopsis": "Sam and Nellie meet, and the show sets out how its characters sing their way through their feelings.",
        "scenes": [],
    },
    {
        "number": 2,
        "title": "Track 2: Joanna and Nellie",
        "air_date": date(2019, 12, 18),
        "synopsis": (
            "Joanna keeps hearing no at dance auditions, while Nellie lurches from a disastrous "
            "first date with Sam into something neither of them planned. Both women have to "
            "decide which dreams are worth keeping."
        ),
        "scenes": [
            {
                "title": "The audition that goes nowhere",
                "description": "Years before she meets Sam, Joanna is cut from a dance audition and the rejections keep coming.",
                "characters": ["joanna"],
                "cues": [{"song": "heat", "kind": "performed", "performers": ["joanna"]}],
            },
            {
                "title": "Sore feet and a phone call",
                "description": "Worn out, Joanna takes a call from her mother and gets snapped at by a stranger in tears nearby.",
                "characters": ["joanna"],
                "cues": [],
            },
            {
                "title": "The girl in the box",
                "description": "An audition at a pool club turns out to be for a woman lying in a clear box. Joanna takes the job and hates that she did.",
                "characters": ["joanna"],
                "cues": [],
            },
            {
                "title": "Nothing to wear",
                "description": "Dressing for her date with Sam, Nellie finds that every outfit reminds her of Levi.",
                "characters": ["nellie", "levi"],
                "cues": [],
            },
            {
                "title": "The wrong restaurant",
                "description": "Sam has booked the very place where Levi ended things with Nellie. The date is awkward, her friend gives her some blunt advice, and they end up together in the restroom.",
                "characters": ["nellie", "sam", "nellies-friend"],
                "cues": [],
            },
            {
                "title": "The morning after",
                "description": "Nellie tunes out her mother's verdict on her life, Sam texts anyway, and her friend pushes for a proper date.",
                "characters": ["nellie", "nellies-mother", "nellies-friend"],
                "cues": [],
            },
            {
                "title": "A very expensive second date",
                "description": "Nellie offers to pay and stings Sam's pride; he needles her about being supported by her parents. She answers in song, they storm out, shake on never meeting again, and kiss.",
                "characters": ["nellie", "sam"],
                "cues": [{"song": "never-gonna-happen", "kind": "performed", "performers": ["nellie"]}],
            },
            {
                "title": "Inside the box",
                "description": "On display in the box, Joanna sings; a co-worker sneers at her for reading, and Joanna resolves to try another audition.",
                "characters": ["joanna"],
                "cues": [{"song": "crash-and-burn-girl", "kind": "performed", "performers": ["joanna"]}],
            },
            {
                "title": "The lost sketchbook",
                "description": "Nellie's mother has thrown away her art book by mistake. At Sam's she talks about signs from the universe, until her mother calls about an opportunity and she leaves.",
                "characters": ["nellie", "sam", "nellies-mother"],
                "cues": [],
            },
            {
                "title": "Two auditions, one mash-up",
                "description": "Joanna reaches the final round and comforts a woman crying in the bathroom; Nellie sits through a doctoral-programme interview with her mother. Their songs weave together.",
                "characters": ["joanna", "crying-woman", "nellie", "nellies-mother"],
                "cues": [
                    {"song": "unconditionally", "kind": "performed", "performers": ["nellie"]},
                    {"song": "mercy", "kind": "performed", "performers": ["joanna"]},
                ],
            },
            {
                "title": "Breathtaking",
                "description": "Joanna does not get the part. Nellie recovers her sketchbook and brings it to Sam, who loves her work and plays her something on guitar; this kiss means more.",
                "characters": ["joanna", "crying-woman", "nellie", "sam"],
                "cues": [],
            },
            {
                "title": "A new direction",
                "description": "Joanna enrols in social work school. Later, as a caseworker, she interviews Sam and tells him he is a good father.",
                "characters": ["joanna", "sam"],
                "cues": [],
            },
        ],
    },
    {
        "number": 3,
        "title": "Track 3",
        "air_date": date(2019, 12, 18),
        "synopsis": "",
        "scenes": [],
    },
]
