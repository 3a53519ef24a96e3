"""One archive holding everything the site knows: the database and the stored files.

``make_backup`` writes a ``.tar.gz`` with

- ``database.json``: every row of every app (Django's JSON serialisation, foreign keys to
  content types and permissions by their natural keys, which ``migrate`` recreates), read in one
  transaction: a snapshot even while the site and the worker write (SQLite in WAL mode reads a
  snapshot; PostgreSQL is asked for REPEATABLE READ). The same file restores into SQLite or
  PostgreSQL, so this is the format ``restore`` reads on both.
- ``database.sqlite3`` (SQLite only): a byte-for-byte copy made with SQLite's online backup
  API, for recovery by hand; ``restore`` does not need it.
- ``files/…``: every file in the default storage (uploaded videos, letter scans, group
  screenshots, made documents), read through Django's storage API, so an S3 store works too.
- ``manifest.json``: the SHA-256 and size of every other member, the applied migrations and
  the row counts.

``restore_backup`` checks every checksum before touching anything, refuses an archive that is
damaged, incomplete, padded with extra members or naming paths outside its folders, refuses
a database or storage that is not empty (unless ``force``), then writes the files and loads the
rows in one transaction. The site's secret key (``DATA_DIR/secret_key``) and import previews
are not backed up: set ``CLIPCONTEST_SECRET_KEY`` or keep the key file when moving hosts.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from .text import Text

FORMAT = "clipcontest-backup"
VERSION = 1
ROOT = "clipcontest-backup"
# Recreated by ``migrate`` on the target; rows that point at them use natural keys.
NOT_DUMPED = ["contenttypes", "auth.permission"]
_CHUNK = 1024 * 1024

DAMAGED = Text(
    vi="Tệp sao lưu bị hỏng hoặc không đầy đủ ({detail}); không khôi phục gì cả.",
    en="The backup archive is damaged or incomplete ({detail}); nothing was restored.",
)
NOT_EMPTY = Text(
    vi="Cơ sở dữ liệu hoặc kho tệp đích đã có dữ liệu ({detail}); dùng --force để ghi đè.",
    en="The target database or file storage is not empty ({detail}); use --force to replace it.",
)
NEWER = Text(
    vi="Bản sao lưu được tạo bởi phiên bản mới hơn (các migration {detail}); hãy cập nhật "
    "phần mềm trước khi khôi phục.",
    en="The backup was made by a newer version (migrations {detail}); upgrade before restoring.",
)


class BackupRefused(Exception):
    """A backup that will not be restored, or a target that will not be overwritten."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: int
    files: int
    bytes: int


# --- making it -----------------------------------------------------------------------------------


def _sha256(stream) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in ``storage``, by its storage name, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _storage_names(storage, f"{folder}/{sub}" if folder else sub)


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _dump_database(target: Path) -> dict[str, int]:
    """All rows into ``target`` as JSON, from one consistent snapshot; the count per model."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            exclude=NOT_DUMPED,
            natural_foreign=True,
            use_base_manager=True,
            output=str(target),
            verbosity=0,
        )
    rows = json.loads(target.read_bytes())
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["model"]] = counts.get(row["model"], 0) + 1
    return counts


def _copy_sqlite(target: Path) -> bool:
    """A byte copy of the SQLite database by its online backup API (consistent while in use)."""
    if connection.vendor != "sqlite":
        return False
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
    finally:
        copy.close()
        source.close()
    return True


def _add(archive: tarfile.TarFile, name: str, stream, size: int) -> None:
    info = tarfile.TarInfo(f"{ROOT}/{name}")
    info.size, info.mode, info.mtime = size, 0o600, int(datetime.now(UTC).timestamp())
    archive.addfile(info, stream)


def make_backup(destination: Path, *, storage: Storage = default_storage) -> BackupSummary:
    """Write the archive to ``destination`` (written under a temporary name, then renamed)."""
    destination = Path(destination)
    partial = destination.with_name(destination.name + ".partial")
    sums: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="clipcontest-backup-") as work:
        dump = Path(work) / "database.json"
        counts = _dump_database(dump)
        copy = Path(work) / "database.sqlite3"
        members = [("database.json", dump)]
        if _copy_sqlite(copy):
            members.append(("database.sqlite3", copy))
        with tarfile.open(partial, "w:gz") as archive:
            for name, path in members:
                with path.open("rb") as stream:
                    sha, size = _sha256(stream)
                    stream.seek(0)
                    _add(archive, name, stream, size)
                sums[name] = {"sha256": sha, "size": size}
            for name in _storage_names(storage):
                with storage.open(name, "rb") as stream:
                    sha, size = _sha256(stream)
                    stream.seek(0)
                    _add(archive, f"files/{name}", stream, size)
                sums[f"files/{name}"] = {"sha256": sha, "size": size}
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": datetime.now(UTC).isoformat(),
                "engine": connection.vendor,
                "migrations": applied_migrations(),
                "rows": counts,
                "members": sums,
            }
            text = json.dumps(manifest, indent=2, sort_keys=True).encode()
            _add(archive, "manifest.json", io.BytesIO(text), len(text))
    partial.replace(destination)
    files = [name for name in sums if name.startswith("files/")]
    return BackupSummary(
        path=destination,
        rows=sum(counts.values()),
        files=len(files),
        bytes=sum(int(sums[name]["size"]) for name in files),  # type: ignore[call-overload]
    )


# --- checking and restoring it ------------------------------------------------------------------


def _safe_member_name(name: str) -> str:
    """The member's name inside the archive folder; refuses absolute paths and ``..``."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or path.parts[:1] != (ROOT,) or len(path.parts) < 2:
        raise BackupRefused(DAMAGED.format(detail=f"unexpected member {name!r}"))
    return "/".join(path.parts[1:])


def _damaged(detail: str) -> BackupRefused:
    return BackupRefused(DAMAGED.format(detail=detail))


def _members(archive: tarfile.TarFile) -> Iterator[tuple[str, tarfile.TarInfo]]:
    """Each member with its name inside the archive folder; only plain files are allowed."""
    for member in archive:
        if not member.isfile():
            raise _damaged(f"{member.name!r} is not a plain file")
        yield _safe_member_name(member.name), member


def verify_archive(path: Path) -> dict:
    """The manifest, once every member is present, expected and matches its checksum."""
    found: dict[str, dict[str, object]] = {}
    manifest_text = b""
    try:
        with tarfile.open(path, "r:gz") as archive:
            for name, member in _members(archive):
                if name in found or (name == "manifest.json" and manifest_text):
                    raise _damaged(f"{name} appears twice")
                stream = archive.extractfile(member)
                if name == "manifest.json":
                    manifest_text = stream.read(64 * 1024**2)
                    continue
                sha, size = _sha256(stream)
                found[name] = {"sha256": sha, "size": size}
    except (tarfile.TarError, EOFError, OSError) as error:
        raise _damaged(str(error) or type(error).__name__) from error
    try:
        manifest = json.loads(manifest_text)
        expected = manifest["members"]
        if (manifest["format"], manifest["version"]) != (FORMAT, VERSION):
            raise ValueError("not a clipcontest backup of this version")
    except (ValueError, KeyError, TypeError) as error:
        raise _damaged(f"manifest.json: {error}") from error
    for name in sorted(set(expected) | set(found)):
        if name not in found:
            raise _damaged(f"{name} is missing")
        if name not in expected:
            raise _damaged(f"{name} is not in the manifest")
        if found[name] != expected[name]:
            raise _damaged(f"{name} does not match its SHA-256 checksum")
    if "database.json" not in found:
        raise _damaged("database.json is missing")
    return manifest


def _check_migrations(manifest: dict) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupRefused(NEWER.format(detail=", ".join(unknown[:5])))


def target_contents(storage: Storage = default_storage) -> list[str]:
    """What the target already holds: models with rows, and whether storage has files."""
    held = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.label_lower not in ("contenttypes.contenttype", "auth.permission")
        and model._base_manager.exists()
    ]
    if next(_storage_names(storage), None) is not None:
        held.append("stored files")
    return held


@dataclass(frozen=True)
class RestoreSummary:
    rows: int
    files: int


def restore_backup(
    path: Path, *, force: bool = False, storage: Storage = default_storage
) -> RestoreSummary:
    """Check the archive, then write its files and load its rows (one transaction).

    The schema is migrated first. Without ``force`` the database and the storage must be
    empty; with it the rows are replaced (in the same transaction as the load, so a failure
    keeps the old ones) and stored files of the same name are overwritten.
    """
    call_command("migrate", interactive=False, verbosity=0)
    manifest = verify_archive(Path(path))
    _check_migrations(manifest)
    held = target_contents(storage)
    if held and not force:
        raise BackupRefused(NOT_EMPTY.format(detail=", ".join(held[:6])))
    written: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="clipcontest-restore-") as work:
            dump = Path(work) / "database.json"
            with tarfile.open(path, "r:gz") as archive:
                for name, member in _members(archive):
                    stream = archive.extractfile(member)
                    if name == "database.json":
                        dump.write_bytes(stream.read())
                    elif name.startswith("files/"):
                        written.append(_store(storage, name.removeprefix("files/"), stream))
            if _sha256(dump.open("rb"))[0] != manifest["members"]["database.json"]["sha256"]:
                raise _damaged("database.json changed while it was read")
            with transaction.atomic():
                if held:
                    call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(dump), verbosity=0)
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    return RestoreSummary(rows=sum(manifest["rows"].values()), files=len(written))


def _store(storage: Storage, name: str, stream) -> str:
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(stream, name=PurePosixPath(name).name))
    if saved != name:
        storage.delete(saved)
        raise _damaged(f"the storage renamed {name} to {saved}")
    return saved
