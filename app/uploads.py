"""Uploaded files kept in the database (so several servers share them), checked by their real content.

The browser's file name and content type are never trusted: `save_upload` looks at the bytes (PDF header,
the members of DOCX/ODT zip packages, Pillow for images), keeps a cleaned file name and sends back files
with `nosniff` and an RFC 6266 Content-Disposition.
"""
from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable
from urllib.parse import quote

from flask import Response
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column
from werkzeug.utils import secure_filename

from .errors import DomainError
from .extensions import db
from .models import Audited, utcnow

MB = 1024 * 1024


class StoredFile(Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Deferred: lists of attachments never load the bytes; the audit log never copies them.
    # bandit B105: a flag on the column, not a password
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False,
                                                 info={"audit_secret": True}))  # nosec B105
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def kind(self) -> str | None:
        return next((k.name for k in KINDS.values() if k.content_type == self.content_type), None)

    def __str__(self):
        return self.filename


# --- recognising a file by its content ---------------------------------------------------------------

def _zip_member(data: bytes, name: str) -> bytes | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if name not in archive.namelist():
                return None
            info = archive.getinfo(name)
            if info.file_size > 64 * 1024:   # a manifest, never large: refuse zip bombs early
                return None
            return archive.read(name)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return None


def _is_pdf(data: bytes) -> bool:
    # The header may follow a little junk (allowed by readers); the end marker must exist.
    return b"%PDF-" in data[:1024] and b"%%EOF" in data[-2048:]


def _is_docx(data: bytes) -> bool:
    types = _zip_member(data, "[Content_Types].xml")
    return bool(types) and b"wordprocessingml.document.main" in types


def _is_odt(data: bytes) -> bool:
    return _zip_member(data, "mimetype") == b"application/vnd.oasis.opendocument.text"


def _image_format(data: bytes) -> str | None:
    from PIL import Image, UnidentifiedImageError   # Pillow loads only when an image is uploaded
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return (image.format or "").lower()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


@dataclass(frozen=True)
class Kind:
    name: str
    extension: str
    content_type: str
    matches: Callable[[bytes], bool]


KINDS: dict[str, Kind] = {k.name: k for k in [
    Kind("pdf", "pdf", "application/pdf", _is_pdf),
    Kind("docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _is_docx),
    Kind("odt", "odt", "application/vnd.oasis.opendocument.text", _is_odt),
    Kind("png", "png", "image/png", lambda d: _image_format(d) == "png"),
    Kind("jpeg", "jpg", "image/jpeg", lambda d: _image_format(d) == "jpeg"),
    Kind("webp", "webp", "image/webp", lambda d: _image_format(d) == "webp"),
    Kind("gif", "gif", "image/gif", lambda d: _image_format(d) == "gif"),
]}
DOCUMENTS = ("pdf", "docx", "odt")
IMAGES = ("png", "jpeg", "webp", "gif")


def detect_kind(data: bytes, kinds: Iterable[str]) -> Kind | None:
    """The first of `kinds` the bytes really are, or None."""
    return next((KINDS[name] for name in kinds if KINDS[name].matches(data)), None)


def clean_filename(name: str | None, kind: Kind) -> str:
    """A file name safe in headers and on any disk, keeping accents readable, with the right extension."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[\x00-\x1f\x7f\"'<>:;|?*%]+", "", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" .-_")[:150]
    return f"{stem or 'file'}.{kind.extension}"


# --- saving and sending ---------------------------------------------------------------------------------

def save_upload(file_storage, kinds: Iterable[str], max_bytes: int, *, district_id: int) -> StoredFile:
    """Store an uploaded file after checking its size and real type; raises DomainError. Only flushes."""
    kinds = tuple(kinds)
    if file_storage is None or not getattr(file_storage, "filename", None):
        raise DomainError(_("Choose a file to upload."))
    data = file_storage.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError(_("The file is too large: the limit is %(size)s MB.",
                            size=f"{max_bytes / MB:.1f}".rstrip("0").rstrip(".")))
    if not data:
        raise DomainError(_("The file is empty."))
    kind = detect_kind(data, kinds)
    if kind is None:
        allowed = ", ".join(KINDS[name].extension.upper() for name in kinds)
        raise DomainError(_("This file is not of an accepted type (%(kinds)s): its content was checked, "
                            "not only its name.", kinds=allowed))
    stored = StoredFile(district_id=district_id, filename=clean_filename(file_storage.filename, kind),
                        content_type=kind.content_type, size=len(data),
                        sha256=hashlib.sha256(data).hexdigest(), data=data)
    db.session.add(stored)
    db.session.flush()
    return stored


def content_disposition(filename: str, as_attachment: bool = True) -> str:
    """RFC 6266: an ASCII fallback name plus the UTF-8 name: accents survive, quotes cannot break out."""
    fallback = secure_filename(unicodedata.normalize("NFKD", filename)) or "file"
    disposition = "attachment" if as_attachment else "inline"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def send_stored(stored_file: StoredFile, as_attachment: bool = True) -> Response:
    # Inline only for images: a PDF or document opened inline would run in our origin's context.
    inline = not as_attachment and stored_file.content_type.startswith("image/")
    response = Response(stored_file.data, mimetype=stored_file.content_type)
    response.headers["Content-Disposition"] = content_disposition(stored_file.filename, not inline)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.set_etag(stored_file.sha256)
    return response
