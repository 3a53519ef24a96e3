from django.contrib import admin

from .models import Contest, Criterion, Letterhead, PrizeTier


class PrizeTierInline(admin.TabularInline):
    model = PrizeTier
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class LetterheadInline(admin.StackedInline):
    model = Letterhead
    extra = 0


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "opens_on", "closes_on", "letter_deadline")
    search_fields = ("slug", "name")
    inlines = (LetterheadInline, PrizeTierInline, CriterionInline)
    readonly_fields = ("rules_text", "created_at", "updated_at")
