from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clipcontest.accounts"
    label = "accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import signals
        from .sessions import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="clipcontest.accounts.stamp_login")
        user_logged_in.connect(signals.audit_login, dispatch_uid="clipcontest.audit_login")
        user_logged_out.connect(signals.audit_logout, dispatch_uid="clipcontest.audit_logout")
        user_login_failed.connect(
            signals.audit_login_failed, dispatch_uid="clipcontest.audit_login_failed"
        )
        user_locked_out.connect(signals.audit_lockout, dispatch_uid="clipcontest.audit_lockout")
