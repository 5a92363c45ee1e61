"""Reader accounts: sign up, log in and out, change and reset a password, lockout."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

PASSWORD = "a-long-passphrase-42"


@pytest.mark.django_db
def test_reader_signs_up_and_is_logged_in(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "nellie_fan", "email": "", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "nellie_fan" in page and "Log out" in page


@pytest.mark.django_db
def test_signup_errors_are_shown_and_typed_values_kept(client):
    response = client.post(
        "/accounts/signup/", {"username": "fan", "password1": "short", "password2": "other"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'value="fan"' in page
    assert "The two password fields didn’t match." in page
    assert not User.objects.exists()


@pytest.mark.django_db
def test_reader_logs_in_and_out(client):
    User.objects.create_user("fan", password=PASSWORD)
    assert client.post("/accounts/login/", {"username": "fan", "password": PASSWORD}).status_code == 302
    assert "Log out" in client.get("/").content.decode()
    assert client.post("/accounts/logout/").status_code == 302
    assert "Log in" in client.get("/").content.decode()


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_works(client):
    User.objects.create_user("fan", email="fan@example.com", password=PASSWORD)
    client.post("/accounts/password_reset/", {"email": "fan@example.com"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    form = client.get(link.replace("http://testserver", ""), follow=True)
    new = "another-long-passphrase-7"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert User.objects.get(username="fan").check_password(new)


@pytest.mark.django_db
def test_password_change_needs_login(client):
    assert client.get("/accounts/password_change/").status_code == 302


@pytest.mark.django_db
def test_repeated_failed_logins_are_locked_out(client, settings):
    User.objects.create_user("fan", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/accounts/login/", {"username": "fan", "password": "wrong"}).status_code == 200
    assert client.post("/accounts/login/", {"username": "fan", "password": "wrong"}).status_code == 429
    locked = client.post("/accounts/login/", {"username": "fan", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
