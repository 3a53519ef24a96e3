"""DOCX to PDF through LibreOffice headless: the PDF is the Word document as printed."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from clipcontest.common.text import Text

SOFFICE = "soffice"
CONVERSION_TIMEOUT = 60  # seconds; one conversion takes about 1 s (a fresh profile each time)

# --- ---------------------------------------------------------------------------------------

SOFFICE_MISSING = Text(
    vi="Không tạo được tệp PDF: máy chủ chưa cài LibreOffice (không tìm thấy lệnh “{command}”). "
    "Vẫn có thể tải văn bản dạng DOCX.",
    en="Could not make the PDF: LibreOffice is not installed on the server (no “{command}” "
    "command). The DOCX can still be downloaded.",
)
SOFFICE_TIMED_OUT = Text(
    vi="Không tạo được tệp PDF: LibreOffice không chuyển xong văn bản trong {seconds} giây.",
    en="Could not make the PDF: LibreOffice did not finish converting within {seconds} seconds.",
)
SOFFICE_FAILED = Text(
    vi="Không tạo được tệp PDF: LibreOffice không chuyển được văn bản ({detail}).",
    en="Could not make the PDF: LibreOffice could not convert the document ({detail}).",
)


class ConversionFailed(RuntimeError):
    """The PDF could not be made; ``message`` says why in both languages."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)


def docx_to_pdf(
    docx: bytes, *, timeout: float = CONVERSION_TIMEOUT, command: str | None = None
) -> bytes:
    """The PDF of a DOCX, printed by LibreOffice headless.

    Each call gets its own LibreOffice profile in a temporary directory: two conversions at
    once (two web workers, two tasks) would otherwise fight over one profile's lock and one of
    them would silently produce nothing. The whole process group is killed on a timeout,
    because ``soffice`` is a launcher whose ``soffice.bin`` child would outlive it.
    """
    command = command or SOFFICE
    executable = shutil.which(command)
    if executable is None:
        raise ConversionFailed(SOFFICE_MISSING.format(command=command))
    with tempfile.TemporaryDirectory(prefix="clipcontest-soffice-") as work:
        folder = Path(work)
        source, profile, output = folder / "document.docx", folder / "profile", folder / "out"
        source.write_bytes(docx)
        arguments = [
            executable,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(output),
            str(source),
        ]
        process = subprocess.Popen(
            arguments,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "HOME": str(folder)},
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ConversionFailed(SOFFICE_TIMED_OUT.format(seconds=round(timeout))) from None
        pdf = output / "document.pdf"
        if process.returncode != 0 or not pdf.is_file():
            detail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit status {process.returncode}"
            raise ConversionFailed(SOFFICE_FAILED.format(detail=reason[:300]))
        return pdf.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # it may have ended on its own meanwhile
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
