"""Participating units (the district, city and affiliated Steering Committees 35) and authors."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("district Party committee (huyện ủy)")
        CITY = "city", _("city Party committee (thành ủy)")
        AFFILIATED = "affiliated", _("affiliated Party committee (đảng ủy trực thuộc)")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    email = models.EmailField(_("e-mail"), blank=True)
    # The letterhead of the unit's official letters: "HUYỆN ỦY MÈO VẠC" over "BAN CHỈ ĐẠO 35".
    superior_body = models.CharField(_("superior body"), max_length=200, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200, default="BAN CHỈ ĐẠO 35")
    symbol = models.CharField(_("document symbol"), max_length=40, default="BCĐ35")
    place = models.CharField(_("place name"), max_length=100, blank=True)
    active = models.BooleanField(_("takes part"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participating unit")
        verbose_name_plural = _("participating units")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs) -> None:
        # Codes are matched in upper case everywhere (imports, letters), whoever typed them.
        self.code = self.code.strip().upper()
        super().save(*args, **kwargs)


class ParticipantCategory(models.TextChoices):
    """Who may take part, in the plan's own words (section II.1.1)."""

    EXPERT_GROUP_35 = "expert_group_35", _("expert group 35 (nhóm chuyên gia 35)")
    COLLABORATOR_35 = "collaborator_35", _("collaborator 35 (cộng tác viên 35)")
    COMMITTEE_35_MEMBER = "committee_35_member", _("Steering Committee 35 member")
    CADRE = "cadre", _("cadre (cán bộ)")
    PARTY_MEMBER = "party_member", _("party member (đảng viên)")
    CIVIL_SERVANT = "civil_servant", _("civil servant (công chức)")
    PUBLIC_EMPLOYEE = "public_employee", _("public employee (viên chức)")
    WORKER = "worker", _("worker (người lao động)")
    CITIZEN = "citizen", _("citizen (quần chúng nhân dân)")


class Person(models.Model):
    """An author of clips; people belong to the unit that entered their work."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("full name"), max_length=200)
    category = models.CharField(
        _("participant category"), max_length=32, choices=ParticipantCategory, blank=True
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["unit", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="person_name_unique_in_unit"),
        ]

    def __str__(self) -> str:
        return self.name
