"""What each action code of the audit log means, said for people.

The services write short stable codes (``entry.submitted``, ``results.finalise``); the log
page and its CSV show these labels instead, in the page's language. A code missing here still
shows, as itself, so an event is never hidden because nobody named its action yet.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    # Clips (entries/services.py, entries/imports.py)
    "entry.submitted": _("Clip entered"),
    "entry.updated": _("Clip edited"),
    "entry.withdrawn": _("Clip withdrawn"),
    "entry.imported": _("Clip imported from a spreadsheet"),
    "entry.import_updated": _("Clip updated from a spreadsheet"),
    # The organisers' verification (review/services.py)
    "review.duration_verified": _("Duration verified"),
    "review.posted_date_verified": _("Posting date verified"),
    "review.group_share_verified": _("Share into the group verified"),
    "review.finding_overridden": _("Finding overridden"),
    "review.override_withdrawn": _("Override of a finding withdrawn"),
    "review.disqualified": _("Clip disqualified"),
    "review.restored": _("Clip restored"),
    "review.standing_chosen": _("Clip chosen to stand among duplicates"),
    # Units (units/imports.py)
    "unit.imported": _("Unit imported from a spreadsheet"),
    "unit.import_updated": _("Unit updated from a spreadsheet"),
    # Official letters (entries/letters.py, entries/letter_imports.py)
    "letter.drafted": _("Letter prepared"),
    "letter.scan_attached": _("Signed scan of a letter uploaded"),
    "letter.received": _("Letter marked received"),
    "letter.unreceived": _("Letter marked not received"),
    "letter.imported": _("Letter imported from a spreadsheet"),
    # Reminders (reminders/services.py)
    "reminder.sent": _("Reminder sent"),
    # The jury (judging/members.py, judging/services.py, judging/imports.py)
    "jury.import": _("Jury imported from a spreadsheet"),
    "jury.remove": _("Jury member removed"),
    "jury.conflict": _("Conflict of interest declared"),
    "jury.conflict_withdrawn": _("Conflict of interest withdrawn"),
    "jury.assign": _("Clips assigned to the jury"),
    # Scores and results (judging/scores.py, judging/services.py)
    "scores.save": _("Scores saved as a draft"),
    "scores.submit": _("Scores submitted"),
    "results.finalise": _("Results finalised"),
    "results.reopen": _("Results reopened"),
    # Certificates (awards/services.py)
    "certificate.issue": _("Certificate issued"),
    "certificate.void": _("Certificate voided"),
    # The committees (committees/services.py)
    "committee.member_added": _("Committee member added"),
    "committee.member_edited": _("Committee member edited"),
    "committee.member_removed": _("Committee member removed"),
    "committee.reordered": _("Committee reordered"),
    "committee.decision_numbered": _("Committee's founding decision numbered"),
    # Logins and two-factor (accounts/signals.py, accounts/two_factor.py)
    "auth.login": _("Logged in"),
    "auth.logout": _("Logged out"),
    "auth.logout_forced": _("Logged out by the site (session expired or code missing)"),
    "auth.login_failed": _("Failed login"),
    "auth.2fa_failed": _("Wrong two-factor code at login"),
    "auth.locked_out": _("Login paused after too many failures"),
    "auth.2fa_enabled": _("Two-factor login turned on"),
    "auth.2fa_disabled": _("Two-factor login turned off"),
    "auth.2fa_reset": _("Two-factor login reset by an organiser"),
}


def action_label(code: str) -> str:
    """The label of ``code`` in the active language; the code itself when it has none."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


# The keys of ``before`` / ``after`` that the services write, as people say them.
FIELD_LABELS: dict[str, Promise] = {
    "title": _("title"),
    "url": _("link or file"),
    "genre": _("genre"),
    "theme": _("theme"),
    "duration": _("duration"),
    "authors": _("authors"),
    "withdrawn": _("withdrawn"),
    "posted_at": _("posted on"),
    "submitted_at": _("submitted at"),
    "code": _("code"),
    "name": _("name"),
    "kind": _("kind of unit"),
    "email": _("e-mail"),
    "group_post": _("share in the group"),
    "group_screenshot": _("screenshot of the share"),
    "group_share_verified": _("share verified"),
    "number": _("number"),
    "date": _("date"),
    "place": _("place of issue"),
    "signer_name": _("signed by"),
    "clips": _("clips listed"),
    "received_at": _("received at"),
    "scan": _("signed scan"),
    "locked": _("scores locked"),
    "entry": _("clip"),
    "judge": _("jury member"),
    "reason": _("reason"),
    "ip": _("address"),
    "username": _("username typed"),
    "two_factor": _("two-factor login"),
    "locked_out": _("locked out"),
    "failures": _("failed attempts"),
    "why": _("why"),
}


def field_label(key: str) -> str:
    """The label of a ``before`` / ``after`` key; the key itself, readably, when it has none."""
    label = FIELD_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ")
