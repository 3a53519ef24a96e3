"""The awards tests reuse the jury fixtures of the judging tests."""

from judging.conftest import fast_password_hashing  # noqa: F401
