from django.contrib import admin

from .models import CommitteeMember, FoundingDecision


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ("__str__", "committee", "role", "position", "order", "contest")
    list_filter = ("contest", "committee", "role")
    search_fields = ("full_name", "position")
    raw_id_fields = ("jury_member",)


@admin.register(FoundingDecision)
class FoundingDecisionAdmin(admin.ModelAdmin):
    list_display = ("contest", "committee", "number", "day")
    list_filter = ("contest",)
