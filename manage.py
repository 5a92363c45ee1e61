#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if "SECRET_KEY" not in os.environ:
        # Local work: with no secret in the environment, commands run as `make run` does
        # (DEBUG=1). Production sets SECRET_KEY, so its DEBUG stays off; the app server
        # (config/wsgi.py) never comes here and still refuses to start without a secret.
        os.environ.setdefault("DEBUG", "1")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
