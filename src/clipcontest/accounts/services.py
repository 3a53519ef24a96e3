"""Creating people's accounts with their role in the contest."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from clipcontest.units.models import Unit

from .models import Profile, Role


@transaction.atomic
def ensure_account(
    *,
    username: str,
    password: str,
    role: Role,
    full_name: str = "",
    email: str = "",
    unit: Unit | None = None,
) -> AbstractUser:
    """Create the account or reset it to the given password and role (the demo re-runs this).

    Organisers also get Django's admin, which is where they manage the contest data for now.
    """
    first, _, last = full_name.rpartition(" ")
    user, _ = get_user_model().objects.update_or_create(
        username=username,
        defaults={
            "email": email,
            "first_name": first,
            "last_name": last,
            "is_staff": role == Role.ORGANISER,
            "is_superuser": role == Role.ORGANISER,
            "is_active": True,
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    Profile.objects.update_or_create(user=user, defaults={"role": role, "unit": unit})
    return user


@transaction.atomic
def create_unit_representative(*, unit: Unit, username: str, email: str) -> AbstractUser:
    """A unit's representative account with no usable password yet: the invitation sets it."""
    user = get_user_model()(username=username, email=email)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    Profile.objects.create(user=user, role=Role.UNIT_REPRESENTATIVE, unit=unit)
    return user
