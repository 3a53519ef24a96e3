from django.contrib import admin

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: certificates are issued and voided by the awards service, never by hand."""

    list_display = ("serial", "contest", "tier_name", "title", "unit_name", "amount", "voided_at")
    list_filter = ("contest", "tier_key")
    search_fields = ("serial", "title", "unit_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
