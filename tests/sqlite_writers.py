"""Concurrent writers on a file SQLite database, run in a process of its own by
``tests/test_sqlite_writers.py`` (the test suite's own database is in memory).

``python -m tests.sqlite_writers EDITORS SAVES COMMENTERS COMMENTS`` with ``DATABASE_URL``
naming a migrated file: loads one episode with a scene per editor and a published recap,
then, from threads released at once, each editor opens the episode's change form in the
admin and saves a new description of their own scene, ``SAVES`` times, while each commenter
posts ``COMMENTS`` comments on the recap page. Prints one JSON line: every answer (status
code, or the exception) and what each write was.
"""

import json
import sys
import threading


def main(editors, saves, commenters, comments):
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests import factories as f
    from tests.admin_pages import open_change_form

    setup_test_environment()  # the test client's host, and mail kept in memory
    episode = f.make_episode(title="Pilot")
    scenes = [f.make_scene(episode, title=f"Scene {n}") for n in range(1, editors + 1)]
    recap = f.make_recap(episode)
    clients = []
    for n in range(editors):
        client = Client()
        client.force_login(User.objects.create_superuser(f"editor{n}"))  # the suite may have flushed groups
        clients.append(client)
    url = f"/admin/wiki/episode/{episode.pk}/change/"
    start, answers, lock = threading.Barrier(editors + commenters), [], threading.Lock()

    def attempt(kind, value, send):
        try:
            status = send(value).status_code
        except Exception as error:  # noqa: BLE001 - what a reader or editor would get as a 500
            status = f"{type(error).__name__}: {error}"
        with lock:
            answers.append({"kind": kind, "value": value, "status": status})

    def edit(n):
        def save(description):
            form = open_change_form(clients[n], url)
            row = next(k for k, v in form.items() if k.endswith("-title") and v == scenes[n].title)
            return clients[n].post(url, form | {row.replace("-title", "-description"): description})

        start.wait()
        for i in range(saves):
            attempt("admin save", f"Description {n}.{i}", save)

    def comment(n):
        client = Client(HTTP_ORIGIN="http://testserver")

        def post(body):
            return client.post(f"{recap.get_absolute_url()}comments/", f.comment_form_data(body=body))

        start.wait()
        for i in range(comments):
            attempt("comment", f"Comment {n}.{i}", post)

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(editors)]
    threads += [threading.Thread(target=comment, args=(n,)) for n in range(commenters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"answers": answers, "scenes": {scene.title: n for n, scene in enumerate(scenes)}}))


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:5]))
