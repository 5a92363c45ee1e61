"""The demo recap: *Soundtrack* S1E2, written by Cuesheet from the facts of the
seed article (who does what, in which order, to which song); every sentence
is ours, as are the two readers' comments under it (one marked as a spoiler
for S1E3). ``manage.py load_demo`` loads them idempotently."""

from datetime import UTC, datetime

AUTHOR = {"username": "cuesheet", "first_name": "Cuesheet", "last_name": "Editors"}

RECAP = {
    "slug": "soundtrack-s1e2-dreams-worth-keeping",
    "title": "Dreams worth keeping",
    "dek": "Joanna runs out of auditions while Nellie stumbles into something real with Sam.",
    "status": "published",
    "published_at": datetime(2019, 12, 20, 9, 0, tzinfo=UTC),
    "body": """\
The second track of *Soundtrack* splits its hour between two women who want something
badly and are not sure it wants them back: [[Joanna]], who dances, and [[Nellie]], who
used to draw.

## Joanna: the box

We meet [[Joanna]] years before she sits across a desk from [[Sam]]. She is cut from a
dance audition and answers the only way this show knows how, with
[[song:Heat|Kelly Clarkson's "Heat"]], and then the rejections pile up in a quick montage.
On a bench with aching feet she takes a worried call from her mother while
[[the crying woman|a stranger in tears]] snaps at her for looking.

The next "audition" is at a pool club, and the job is lying inside a clear box for
guests to look at. She takes it, and her face says everything about what it costs her.
Inside the box she sings [[song:Crash and Burn Girl]] (Robyn); a co-worker sneers that
box girls don't read, and that is enough to send Joanna back to auditioning.

## Nellie: two dates and a sketchbook

[[Nellie]] cannot find an outfit that does not remind her of [[Levi]], and then Sam books
the very restaurant where Levi ended things. The first date is all wrong turns, until
[[Nellie's friend|her friend]] offers some blunt advice and the evening ends in the
restroom.

The morning after, [[Nellie's mother|her mother]] lectures her about her life and career and Nellie
stops listening. Sam texts anyway. The second date is expensive: Nellie offers to pay,
Sam's pride is stung, he needles her about being kept by her parents, and she answers
with [[song:Never Gonna Happen]] (Lily Allen). They walk out, shake on never seeing each
other again, and kiss.

Then the sketchbook goes missing: her mother threw it out by mistake. At Sam's, Nellie
talks about signs from the universe until her mother calls with an opportunity and she
leaves.

## The mash-up

The episode's big number braids the two stories together. Joanna makes the final round
and comforts a woman crying in the bathroom; Nellie sits through an interview for a
doctoral programme with her mother beside her. Nellie sings
[[song:Unconditionally]] (Katy Perry) while Joanna sings [[song:Mercy]] (Duffy).

Joanna does not get the part, and the woman on the other side of the judges' table looks
a lot like the one she comforted. Nellie gets her sketchbook back and takes it to Sam,
who calls her work breathtaking and plays her something on his guitar. This kiss is the
start of something.

## Where it leaves them

Joanna enrols in social work school, and a jump forward shows her as the caseworker who
interviews Sam and tells him he is a good father. The pieces of [[S1E1]] click into
place, and [[S1E3]] is next.
""",
}

# Readers' comments on the recap, approved. ``spoils`` is an episode number of season 1.
COMMENTS = [
    {
        "name": "Priya",
        "body": "The pool-club box is such a bleak image, and Joanna singing inside it "
        "is the moment the episode won me over.\n\nGreat recap!",
        "created_at": datetime(2019, 12, 21, 18, 30, tzinfo=UTC),
    },
    {
        "name": "Tomás",
        "body": "Keep an eye on that sketchbook: the next episode does a lot with it.",
        "created_at": datetime(2019, 12, 22, 8, 15, tzinfo=UTC),
        "spoils": 3,
    },
]
