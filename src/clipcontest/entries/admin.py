from django.contrib import admin

from .models import Entry, EntryAuthor, OfficialLetter


class EntryAuthorInline(admin.TabularInline):
    model = EntryAuthor
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("ref", "title", "unit", "platform", "duration_seconds", "submitted_at")
    list_filter = ("contest", "platform", "genre", "theme", "duration_source", "unit")
    search_fields = ("ref", "title", "url", "canonical_url")
    list_select_related = ("unit", "contest")
    inlines = (EntryAuthorInline,)
    readonly_fields = ("created_at", "updated_at")


@admin.register(OfficialLetter)
class OfficialLetterAdmin(admin.ModelAdmin):
    list_display = ("number", "unit", "date", "received_at")
    list_filter = ("contest", "unit")
    search_fields = ("number",)
    list_select_related = ("unit",)
    filter_horizontal = ("entries",)
