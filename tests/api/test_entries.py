"""A unit's clips through the API: enter, read, correct, withdraw, and the refusals of the rules.

State is checked before and after, in the database, not only in the response. Clips are entered
in ``open_contest`` (window around today); the 2022 contest serves for a closed window.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone
from factories import HCM, EntryFactory

from clipcontest.entries.models import Entry, FetchState
from clipcontest.entries.services import AuthorDraft, EntryDraft, submit_entry

from .helpers import OTHER_VIDEO, a_clip, enter, post, problems, put, snapshot

pytestmark = pytest.mark.django_db


# --- entering a clip -----------------------------------------------------------------------------


def test_unit_enters_a_clip_and_gets_it_back_with_its_eligibility(dong_van, open_contest):
    assert not Entry.objects.exists()
    response = post(dong_van, "/api/entries")
    assert response.status_code == 201
    clip = response.json()
    assert clip["ref"] == "HG-DV-1"
    assert clip["unit"] == "HG-DV"
    assert clip["platform"] == "youtube"
    assert clip["video_id"] == "dQw4w9WgXcQ"
    assert clip["canonical_url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert clip["authors"] == [
        {"name": "Nguyễn Thị Lan", "category": "party_member"},
        {"name": "Trần Văn Hùng", "category": ""},
    ]
    assert clip["withdrawn"] is False
    assert clip["rights_confirmed"] is True
    # Nothing is known about the post yet: warnings only, so the clip counts for now.
    assert clip["eligible"] is True
    codes = {f["code"] for f in clip["findings"]}
    assert {"duration_unknown", "posted_date_unknown", "not_in_letter"} <= codes
    assert all(f["severity"] == "warning" for f in clip["findings"])
    assert all(set(f["message"]) == {"vi", "en"} for f in clip["findings"])

    stored = Entry.objects.get()
    assert (stored.contest, stored.unit.code, stored.ref) == (open_contest, "HG-DV", "HG-DV-1")
    assert stored.author_names == ["Nguyễn Thị Lan", "Trần Văn Hùng"]


def test_entering_a_clip_queues_the_fetch_of_its_post_once_committed(
    dong_van, open_contest, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        clip = enter(dong_van)
    # Stored as queued with the clip, in the same commit; the task itself waits for the commit.
    assert clip["fetch_state"] == FetchState.QUEUED
    assert len(callbacks) == 1
    assert Entry.objects.get(ref=clip["ref"]).fetch_state == FetchState.QUEUED


def test_typed_duration_over_the_maximum_makes_the_clip_ineligible(dong_van, open_contest):
    clip = enter(dong_van, duration_seconds="600.5")
    assert clip["duration_seconds"] == 600.5
    assert clip["duration_source"] == "unit"
    assert clip["eligible"] is False
    [too_long] = [f for f in clip["findings"] if f["code"] == "duration_too_long"]
    assert too_long["severity"] == "blocking"
    assert "10:00" in too_long["message"]["vi"] or "600" in too_long["message"]["vi"]
    assert too_long["message"]["en"].startswith("The clip lasts")


def test_bad_link_is_refused_in_both_languages_and_nothing_is_stored(dong_van, open_contest):
    found = problems(
        post(dong_van, "/api/entries", a_clip(url="https://youtube.com.evil.example/x"))
    )
    assert set(found) == {"url"}
    assert "Facebook, TikTok" in found["url"]["vi"]
    assert "only looks like" in found["url"]["en"]
    assert not Entry.objects.exists()


def test_video_already_entered_by_the_unit_is_refused_with_its_ref(dong_van, open_contest):
    enter(dong_van)
    same_video = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42"
    found = problems(post(dong_van, "/api/entries", a_clip(url=same_video)))
    assert "HG-DV-1" in found["url"]["vi"] and "HG-DV-1" in found["url"]["en"]
    assert Entry.objects.count() == 1


def test_missing_rights_confirmation_is_refused(dong_van, open_contest):
    body = a_clip()
    del body["rights_confirmed"]
    found = problems(post(dong_van, "/api/entries", body))
    assert set(found) == {"rights_confirmed"}
    assert "bản quyền" in found["rights_confirmed"]["vi"]
    assert "copyright" in found["rights_confirmed"]["en"]
    assert not Entry.objects.exists()


def test_every_problem_of_a_draft_is_reported_at_once(dong_van, open_contest):
    body = a_clip(title=" ", genre="opera", theme="cats", authors=[], rights_confirmed=False)
    found = problems(post(dong_van, "/api/entries", body))
    assert set(found) == {"title", "genre", "theme", "authors", "rights_confirmed"}


def test_closed_window_refuses_a_new_clip(dong_van, contest_2022):
    found = problems(post(dong_van, "/api/entries?contest=sc35-2022"))
    assert "30/06/2022" in found["__all__"]["vi"] and "30/06/2022" in found["__all__"]["en"]
    assert "no longer" in found["__all__"]["en"]
    assert not Entry.objects.exists()


def test_closed_window_refuses_correcting_and_withdrawing(dong_van, contest_2022, units):
    EntryFactory(contest=contest_2022, unit=units["HG-DV"], ref="HG-DV-1")
    before = snapshot("HG-DV-1")
    found = problems(put(dong_van, "/api/entries/HG-DV-1?contest=sc35-2022", a_clip()))
    assert "30/06/2022" in found["__all__"]["en"]
    found = problems(post(dong_van, "/api/entries/HG-DV-1/withdraw?contest=sc35-2022", {}))
    assert "30/06/2022" in found["__all__"]["vi"]
    assert snapshot("HG-DV-1") == before


# --- reading -------------------------------------------------------------------------------------


def test_unit_lists_only_its_own_clips(dong_van, their_clip):
    mine = enter(dong_van)
    listed = dong_van.get("/api/entries").json()
    assert [clip["ref"] for clip in listed] == [mine["ref"]]
    assert their_clip not in {clip["ref"] for clip in listed}


def test_unit_asking_for_another_units_clips_gets_none(dong_van, their_clip):
    enter(dong_van)
    assert dong_van.get("/api/entries", {"unit": "HG-TP"}).json() == []
    assert len(dong_van.get("/api/entries", {"unit": "hg-dv"}).json()) == 1


def test_unit_reads_one_of_its_clips(dong_van, open_contest):
    ref = enter(dong_van)["ref"]
    response = dong_van.get(f"/api/entries/{ref}")
    assert response.status_code == 200
    assert response.json()["title"] == "Tin giả về giá điện: sự thật là gì?"


def test_clips_of_another_contest_are_not_found_in_this_one(
    dong_van, contest_2022, open_contest, units
):
    EntryFactory(contest=contest_2022, unit=units["HG-DV"], ref="HG-DV-OLD")
    assert dong_van.get("/api/entries/HG-DV-OLD").status_code == 404
    assert dong_van.get("/api/entries/HG-DV-OLD?contest=sc35-2022").status_code == 200
    assert dong_van.get("/api/entries").json() == []


def test_file_only_clip_shows_no_internal_canonical_link(dong_van, open_contest, units):
    entry = EntryFactory(
        contest=open_contest,
        unit=units["HG-DV"],
        ref="HG-DV-9",
        url="",
        platform="",
        video_id="",
        canonical_url="file:abcdefabcdefabcdefabcdef",
    )
    clip = dong_van.get(f"/api/entries/{entry.ref}").json()
    assert clip["canonical_url"] == ""
    assert clip["eligible"] is False
    assert "link_missing" in {f["code"] for f in clip["findings"]}


# --- correcting and withdrawing ------------------------------------------------------------------


def test_unit_replaces_a_clips_details(dong_van, open_contest):
    ref = enter(dong_van)["ref"]
    body = a_clip(
        title="Tên mới",
        url=OTHER_VIDEO,
        genre="drama",
        authors=[{"name": "Lê Minh Đức", "category": "citizen"}],
        duration_seconds=58,
    )
    response = put(dong_van, f"/api/entries/{ref}", body)
    assert response.status_code == 200, response.content
    clip = response.json()
    assert (clip["ref"], clip["title"], clip["genre"]) == (ref, "Tên mới", "drama")
    assert clip["video_id"] == "aB3dE5fG7hI"
    assert clip["authors"] == [{"name": "Lê Minh Đức", "category": "citizen"}]
    assert clip["duration_seconds"] == 58
    stored = Entry.objects.get(ref=ref)
    assert (stored.title, stored.canonical_url) == ("Tên mới", OTHER_VIDEO)
    assert stored.author_names == ["Lê Minh Đức"]


def test_correction_is_checked_like_a_new_clip(dong_van, open_contest):
    ref = enter(dong_van)["ref"]
    enter(dong_van, url=OTHER_VIDEO)
    before = snapshot(ref)
    found = problems(
        put(dong_van, f"/api/entries/{ref}", a_clip(url=OTHER_VIDEO, rights_confirmed=False))
    )
    assert set(found) == {"url", "rights_confirmed"}
    assert snapshot(ref) == before


def test_unit_withdraws_a_clip_which_stops_counting(dong_van, open_contest):
    ref = enter(dong_van)["ref"]
    response = post(dong_van, f"/api/entries/{ref}/withdraw", {})
    assert response.status_code == 200
    clip = response.json()
    assert clip["withdrawn"] is True and clip["withdrawn_at"]
    assert clip["eligible"] is False and clip["findings"] == []
    assert Entry.objects.get(ref=ref).withdrawn_at is not None
    # Withdrawn clips stay listed; the same video may then be entered again.
    assert [c["withdrawn"] for c in dong_van.get("/api/entries").json()] == [True]
    assert enter(dong_van)["ref"] == "HG-DV-2"


def test_withdrawn_clip_cannot_be_withdrawn_or_corrected_again(dong_van, open_contest):
    ref = enter(dong_van)["ref"]
    post(dong_van, f"/api/entries/{ref}/withdraw", {})
    before = snapshot(ref)
    assert (
        "already been withdrawn"
        in problems(post(dong_van, f"/api/entries/{ref}/withdraw", {}))["__all__"]["en"]
    )
    assert (
        "đã được rút" in problems(put(dong_van, f"/api/entries/{ref}", a_clip()))["__all__"]["vi"]
    )
    assert snapshot(ref) == before


# --- another unit's clip is not found ------------------------------------------------------------


def test_another_units_ref_is_404_like_a_made_up_one_on_read(dong_van, their_clip):
    theirs = dong_van.get(f"/api/entries/{their_clip}")
    made_up = dong_van.get("/api/entries/HG-TP-999")
    assert theirs.status_code == made_up.status_code == 404
    assert theirs.json()["code"] == made_up.json()["code"] == "entry_not_found"


def test_another_units_ref_is_404_on_update_and_the_clip_is_unchanged(dong_van, their_clip):
    before = snapshot(their_clip)
    response = put(dong_van, f"/api/entries/{their_clip}", a_clip(title="Hijacked"))
    assert response.status_code == 404
    assert snapshot(their_clip) == before


def test_another_units_ref_is_404_on_withdraw_and_the_clip_is_unchanged(dong_van, their_clip):
    before = snapshot(their_clip)
    assert post(dong_van, f"/api/entries/{their_clip}/withdraw", {}).status_code == 404
    assert snapshot(their_clip) == before


@pytest.mark.parametrize("ref", ["x" * 41, "HG-DV-1%00", "%20"])
def test_odd_refs_are_404_not_500(dong_van, open_contest, ref):
    assert dong_van.get(f"/api/entries/{ref}").status_code == 404


# --- the staff -----------------------------------------------------------------------------------


def test_staff_list_every_units_clips_or_one_units(login, dong_van, their_clip):
    enter(dong_van)
    secretary = login("secretary")
    assert {c["unit"] for c in secretary.get("/api/entries").json()} == {"HG-DV", "HG-TP"}
    only = secretary.get("/api/entries", {"unit": "hg-tp"}).json()
    assert [c["ref"] for c in only] == [their_clip]
    assert secretary.get(f"/api/entries/{their_clip}").status_code == 200


def test_staff_filter_by_an_unknown_unit_is_a_422(login, open_contest):
    found = problems(login("organiser").get("/api/entries", {"unit": "NOPE"}))
    assert "NOPE" in found["unit"]["en"]


def test_duplicate_video_names_the_first_unit_to_staff_but_not_to_the_unit(
    login, dong_van, thanh_pho, open_contest
):
    enter(thanh_pho)
    ref = enter(dong_van)["ref"]

    def duplicate_message(client: Client) -> dict[str, str]:
        clip = client.get(f"/api/entries/{ref}").json()
        assert clip["eligible"] is False
        [finding] = [f for f in clip["findings"] if f["code"] == "duplicate_video"]
        return finding["message"]

    assert "HG-TP" in duplicate_message(login("secretary"))["en"]
    for text in duplicate_message(dong_van).values():
        assert "HG-TP" not in text


# --- query counts --------------------------------------------------------------------------------


def add_clips(contest, unit, count: int) -> None:
    start = timezone.now() - timezone.timedelta(days=1)
    for n in range(count):
        submit_entry(
            contest=contest,
            unit=unit,
            draft=EntryDraft(
                title=f"Clip {n}",
                url=f"https://youtu.be/v{n:010d}",
                genre="comedy",
                theme="refute_false_information",
                authors=(AuthorDraft(f"Tác giả {n}"), AuthorDraft(f"Đồng tác giả {n}")),
                rights_confirmed=True,
            ),
            at=start,
        )


@pytest.mark.parametrize("caller", ["dong_van", "secretary"])
def test_listing_clips_takes_the_same_number_of_queries_for_5_or_50(
    login, open_contest, units, django_assert_max_num_queries, caller
):
    client = login(caller)
    add_clips(open_contest, units["HG-DV"], 5)
    add_clips(open_contest, units["HG-TP"], 5)
    with django_assert_max_num_queries(20) as five:
        assert len(client.get("/api/entries").json()) in {5, 10}
    for unit in ("HG-DV", "HG-TP"):
        Entry.objects.filter(unit=units[unit]).delete()
        add_clips(open_contest, units[unit], 50)
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert len(client.get("/api/entries").json()) in {50, 100}


def test_posted_and_submitted_times_are_iso_8601_with_the_offset(dong_van, open_contest, units):
    EntryFactory(
        contest=open_contest,
        unit=units["HG-DV"],
        ref="HG-DV-5",
        posted_at=datetime(2022, 4, 1, 9, 0, tzinfo=HCM),
    )
    clip = dong_van.get("/api/entries/HG-DV-5").json()
    assert datetime.fromisoformat(clip["posted_at"]) == datetime(2022, 4, 1, 9, 0, tzinfo=HCM)
