from django.contrib import admin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "invited_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "unit__code")
    list_select_related = ("user", "unit")
    readonly_fields = ("invited_at",)
