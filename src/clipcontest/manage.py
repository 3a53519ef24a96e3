"""The `clipcontest` console script: the project's manage.py, installed into the virtualenv."""

import os
import sys


def main() -> None:
    """Run a Django management command, so `clipcontest migrate` works like `manage.py migrate`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clipcontest.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
