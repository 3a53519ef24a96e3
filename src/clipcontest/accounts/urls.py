from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import two_factor_views, views

# Django's auth pages keep Django's own global names (login, logout, password_change, ...):
# settings.LOGIN_URL, the layout and Django's views reverse them without a namespace.
auth_patterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

# Our own pages, as accounts:<name>.
account_patterns = [
    path("login/code/", two_factor_views.login_code, name="login-code"),
    path("two-factor/", two_factor_views.two_factor_page, name="two-factor"),
    path("two-factor/on/", two_factor_views.two_factor_enable, name="two-factor-enable"),
    path("two-factor/off/", two_factor_views.two_factor_disable, name="two-factor-disable"),
    path(
        "two-factor/reset/<int:pk>/",
        two_factor_views.two_factor_reset,
        name="two-factor-reset",
    ),
    path("units/", views.unit_accounts_page, name="unit-accounts"),
    path(
        "invitation/<uidb64>/<token>/",
        views.AcceptInvitationView.as_view(),
        name="accept-invitation",
    ),
]

urlpatterns = [
    *auth_patterns,
    path("", include((account_patterns, "accounts"))),
]
