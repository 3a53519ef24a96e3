"""The settings the deadline burst serves with: the project's own, read from the same environment
(PostgreSQL, RQ, persistent connections), with two differences that touch nothing measured:

- ``ROOT_URLCONF`` adds ``/bench/bare/``, a bare Django view on the same server (the yardstick);
- password hashing uses 1,000 PBKDF2 rounds instead of 1,000,000, so logging 200 accounts in
  before the run takes seconds, not minutes of CPU. Submitting a clip hashes no password.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from clipcontest.settings import *  # noqa: F403

ROOT_URLCONF = "bench.burst_urls"


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1_000


PASSWORD_HASHERS = ["bench.burst_settings.QuickPBKDF2PasswordHasher"]
