from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

# The REST API speaks JSON with both languages in each message, so it has no language prefix.
urlpatterns = [
    path("api/", include("clipcontest.api.urls")),
]
# Unprefixed pages are Vietnamese, the default; /en/... is the English version.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("clipcontest.accounts.urls")),
    path("", include("clipcontest.portal.urls")),
    prefix_default_language=False,
)
