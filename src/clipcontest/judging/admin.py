from django.contrib import admin

from .models import Assignment, Conflict, CriterionScore, JuryMember, ResultsDecision, ScoreSheet


class ConflictInline(admin.TabularInline):
    model = Conflict
    extra = 0
    raw_id_fields = ("entry",)


@admin.register(JuryMember)
class JuryMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "contest", "unit")
    list_filter = ("contest",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    inlines = (ConflictInline,)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("member", "entry")
    list_filter = ("member__contest", "member")
    raw_id_fields = ("entry",)


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    extra = 0


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    list_display = ("assignment", "status", "submitted_at")
    list_filter = ("status",)
    inlines = (CriterionScoreInline,)


@admin.register(ResultsDecision)
class ResultsDecisionAdmin(admin.ModelAdmin):
    list_display = ("contest", "action", "at", "by", "reason")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
