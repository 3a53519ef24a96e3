from django.contrib import admin

from .models import Person, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "email", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name", "email")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "category")
    list_filter = ("category", "unit")
    search_fields = ("name",)
    list_select_related = ("unit",)
