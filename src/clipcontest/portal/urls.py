from django.urls import path

from . import (
    audit_views,
    clip_list_views,
    committee_views,
    documents_views,
    gallery_views,
    jury_views,
    letter_views,
    organiser_jury_views,
    organiser_views,
    public_results_views,
    reminder_views,
    report_views,
    results_views,
    review_views,
    rules_views,
    transfer_views,
    unit_views,
    verify_views,
    views,
)

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("contests/<slug:slug>/", views.contest_detail, name="contest"),
    path("contests/<slug:slug>/rules/", rules_views.contest_rules, name="contest-rules"),
    path("contests/<slug:slug>/gallery/", gallery_views.contest_gallery, name="contest-gallery"),
    path("results/", public_results_views.public_results, name="results"),
    path(
        "contests/<slug:slug>/results/",
        public_results_views.public_results,
        name="contest-results",
    ),
    path("verify/", public_results_views.verify_lookup, name="verify-lookup"),
    path("verify/<str:serial>/", verify_views.verify_certificate, name="verify"),
    # The unit portal
    path("unit/", unit_views.unit_home, name="unit-home"),
    path("unit/progress/", unit_views.fetch_progress, name="unit-fetch-progress"),
    path("unit/clips/check-link/", unit_views.link_check, name="unit-link-check"),
    path("unit/clips/new/", unit_views.entry_add, name="unit-entry-add"),
    path("unit/clips/<str:ref>/", unit_views.entry_detail, name="unit-entry"),
    path("unit/clips/<str:ref>/edit/", unit_views.entry_edit, name="unit-entry-edit"),
    path("unit/clips/<str:ref>/withdraw/", unit_views.entry_withdraw, name="unit-entry-withdraw"),
    path(
        "unit/clips/<str:ref>/group-screenshot/",
        unit_views.entry_group_screenshot,
        name="unit-entry-group-screenshot",
    ),
    path("unit/letters/", letter_views.letter_list, name="unit-letters"),
    path("unit/letters/new/", letter_views.letter_add, name="unit-letter-add"),
    path("unit/letters/<int:pk>/", letter_views.letter_detail, name="unit-letter"),
    path(
        "unit/letters/<int:pk>/docx/",
        letter_views.letter_document,
        {"kind": "docx"},
        name="unit-letter-docx",
    ),
    path(
        "unit/letters/<int:pk>/pdf/",
        letter_views.letter_document,
        {"kind": "pdf"},
        name="unit-letter-pdf",
    ),
    path("unit/letters/<int:pk>/scan/", letter_views.letter_scan, name="unit-letter-scan"),
    # The jury
    path("jury/", jury_views.jury_home, name="jury-home"),
    path("jury/clips/<int:pk>/", jury_views.jury_clip, name="jury-clip"),
    # The organisers
    path("organiser/jury/", organiser_jury_views.organiser_jury, name="organiser-jury"),
    path("organiser/jury/add/", organiser_jury_views.organiser_jury_add, name="organiser-jury-add"),
    path(
        "organiser/jury/<int:pk>/remove/",
        organiser_jury_views.organiser_jury_remove,
        name="organiser-jury-remove",
    ),
    path(
        "organiser/jury/<int:pk>/invite/",
        organiser_jury_views.organiser_jury_invite,
        name="organiser-jury-invite",
    ),
    path(
        "organiser/jury/conflicts/add/",
        organiser_jury_views.organiser_conflict_add,
        name="organiser-conflict-add",
    ),
    path(
        "organiser/jury/conflicts/<int:pk>/remove/",
        organiser_jury_views.organiser_conflict_remove,
        name="organiser-conflict-remove",
    ),
    path(
        "organiser/jury/assign/",
        organiser_jury_views.organiser_jury_assign,
        name="organiser-jury-assign",
    ),
    path("organiser/results/", results_views.organiser_results, name="organiser-results"),
    path(
        "organiser/results/decide/",
        results_views.organiser_results_decide,
        name="organiser-results-decide",
    ),
    path("organiser/results/<str:ref>/", results_views.organiser_result, name="organiser-result"),
    path("organiser/report/", report_views.organiser_report, name="organiser-report"),
    path(
        "organiser/report/chart/<str:kind>.png",
        report_views.organiser_report_chart,
        name="organiser-report-chart",
    ),
    path(
        "organiser/report/<str:fmt>/",
        report_views.organiser_report_file,
        name="organiser-report-file",
    ),
    path(
        "organiser/documents/",
        documents_views.organiser_documents,
        name="organiser-documents",
    ),
    path(
        "organiser/documents/<int:pk>/progress/",
        documents_views.organiser_document_progress,
        name="organiser-document-progress",
    ),
    path(
        "organiser/documents/<int:pk>/file/",
        documents_views.organiser_document_file,
        name="organiser-document-file",
    ),
    # The organisers' clip list
    path("organiser/clips/", clip_list_views.organiser_clips, name="organiser-clips"),
    # The audit log
    path("organiser/audit/", audit_views.organiser_audit, name="organiser-audit"),
    # The committees
    path(
        "organiser/committees/",
        committee_views.organiser_committees,
        name="organiser-committees",
    ),
    path(
        "organiser/committees/add/",
        committee_views.organiser_committee_add,
        name="organiser-committee-add",
    ),
    path(
        "organiser/committees/<int:pk>/remove/",
        committee_views.organiser_committee_remove,
        name="organiser-committee-remove",
    ),
    path(
        "organiser/committees/<int:pk>/edit/",
        committee_views.organiser_committee_edit,
        name="organiser-committee-edit",
    ),
    # The organisers' review of clips
    path("organiser/clips/<str:ref>/", review_views.organiser_clip, name="organiser-clip"),
    path(
        "organiser/clips/<str:ref>/duration/",
        review_views.organiser_clip_duration,
        name="organiser-clip-duration",
    ),
    path(
        "organiser/clips/<str:ref>/posted/",
        review_views.organiser_clip_posted,
        name="organiser-clip-posted",
    ),
    path(
        "organiser/clips/<str:ref>/override/",
        review_views.organiser_clip_override,
        name="organiser-clip-override",
    ),
    path(
        "organiser/clips/<str:ref>/override/<int:pk>/withdraw/",
        review_views.organiser_clip_override_withdraw,
        name="organiser-clip-override-withdraw",
    ),
    path(
        "organiser/clips/<str:ref>/disqualify/",
        review_views.organiser_clip_disqualify,
        name="organiser-clip-disqualify",
    ),
    path(
        "organiser/clips/<str:ref>/restore/",
        review_views.organiser_clip_restore,
        name="organiser-clip-restore",
    ),
    path(
        "organiser/clips/<str:ref>/group-verify/",
        review_views.organiser_clip_group_verify,
        name="organiser-clip-group-verify",
    ),
    path(
        "organiser/clips/<str:ref>/group-screenshot/",
        review_views.organiser_clip_group_screenshot,
        name="organiser-clip-group-screenshot",
    ),
    path("organiser/duplicates/", review_views.organiser_duplicates, name="organiser-duplicates"),
    path(
        "organiser/duplicates/<str:ref>/choose/",
        review_views.organiser_duplicate_choose,
        name="organiser-duplicate-choose",
    ),
    # Reminders to units
    path(
        "organiser/reminders/",
        reminder_views.organiser_reminders,
        name="organiser-reminders",
    ),
    path(
        "organiser/reminders/send/",
        reminder_views.organiser_reminders_send,
        name="organiser-reminders-send",
    ),
    # Exports and imports
    path("organiser/exports/", transfer_views.organiser_exports, name="organiser-exports"),
    path(
        "organiser/exports/<str:what>.<str:ext>",
        transfer_views.organiser_export,
        name="organiser-export",
    ),
    path("organiser/imports/", transfer_views.organiser_import, name="organiser-import"),
    path(
        "organiser/imports/apply/",
        transfer_views.organiser_import_apply,
        name="organiser-import-apply",
    ),
    path("organiser/", organiser_views.dashboard, name="organiser"),
    path("organiser/refresh/", organiser_views.refresh_counts, name="organiser-refresh"),
    path("organiser/freeze/", organiser_views.freeze_counts, name="organiser-freeze"),
    path("organiser/letters/", letter_views.organiser_letters, name="organiser-letters"),
    path(
        "organiser/letters/<int:pk>/received/",
        letter_views.organiser_letter_received,
        name="organiser-letter-received",
    ),
    path(
        "organiser/letters/<int:pk>/scan/",
        letter_views.organiser_letter_scan,
        name="organiser-letter-scan",
    ),
]
