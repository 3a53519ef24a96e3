"""``clipcontest documents KIND --contest SLUG --out PATH``."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_certificates_go_into_the_folder_with_their_zip(finalised, tmp_path, capsys):
    call_command("documents", "certificates", contest="sc35-2022", out=str(tmp_path / "gcn"))

    files = sorted(p.name for p in (tmp_path / "gcn").iterdir())
    assert len([f for f in files if f.endswith(".pdf")]) == 6 and "certificates.zip" in files
    assert "certificates.zip" in capsys.readouterr().out


def test_the_payout_list_as_xlsx_and_csv(finalised, tmp_path):
    call_command("documents", "payout", contest="sc35-2022", out=str(tmp_path / "chi-tra.xlsx"))
    call_command("documents", "payout", contest="sc35-2022", out=str(tmp_path / "chi-tra.csv"))

    assert (tmp_path / "chi-tra.xlsx").read_bytes()[:2] == b"PK"
    assert "Mười triệu đồng" in (tmp_path / "chi-tra.csv").read_text(encoding="utf-8-sig")


def test_the_decision_into_a_folder_gives_docx_and_pdf(finalised, tmp_path):
    call_command("documents", "decision", contest="sc35-2022", out=str(tmp_path))

    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["sc35-2022-quyet-dinh-trao-giai.docx", "sc35-2022-quyet-dinh-trao-giai.pdf"]


def test_money_documents_before_finalisation_exit_with_status_2(demo_contest, tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("documents", "payout", contest="sc35-2022", out=str(tmp_path / "x.xlsx"))
    assert refused.value.returncode == 2
    assert "chưa được chốt" in str(refused.value)
    assert not (tmp_path / "x.xlsx").exists()
