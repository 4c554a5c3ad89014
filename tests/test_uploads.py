"""Uploads are recognised by their content, not their name; sent back so a browser cannot be tricked."""
from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from app.errors import DomainError
from app.extensions import db
from app.uploads import DOCUMENTS, IMAGES, KINDS, MB, StoredFile, clean_filename, save_upload, send_stored

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes() -> bytes:
    import docx
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Ordine del giorno")
    document.save(out)
    return out.getvalue()


def odt_bytes() -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P
    document = OpenDocumentText()
    document.text.addElement(P(text="Ordine del giorno"))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, fmt)
    return out.getvalue()


def upload(data: bytes, filename: str, content_type: str = "application/octet-stream") -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=filename, content_type=content_type)


@pytest.mark.parametrize("data,name,kind", [
    (PDF, "verbale.pdf", "pdf"),
    (None, "ordine.docx", "docx"),
    (None, "ordine.odt", "odt"),
    (image_bytes("PNG"), "foto.png", "png"),
    (image_bytes("JPEG"), "foto.jpg", "jpeg"),
    (image_bytes("WEBP"), "foto.webp", "webp"),
    (image_bytes("GIF"), "foto.gif", "gif"),
])
def test_accepted_kinds_are_stored_with_their_real_type(district, data, name, kind):
    data = data or {"docx": docx_bytes, "odt": odt_bytes}[kind]()
    stored = save_upload(upload(data, name), DOCUMENTS + IMAGES, MB, district_id=district.id)
    db.session.commit()
    again = db.session.get(StoredFile, stored.id)
    assert again.content_type == KINDS[kind].content_type and again.kind == kind
    assert again.data == data and again.size == len(data) and len(again.sha256) == 64


@pytest.mark.parametrize("data,name", [
    (b"<html><script>alert(1)</script></html>", "bando.pdf"),            # a page renamed as a PDF
    (b"MZ\x90\x00" + b"\x00" * 200, "ordine.docx"),                      # an executable renamed
    (PDF, "ordine.docx"),                                               # a real PDF is not a Word file
])
def test_a_file_whose_content_is_not_an_accepted_kind_is_refused(district, data, name):
    with pytest.raises(DomainError) as refused:
        save_upload(upload(data, name, "application/pdf"), ("docx",) if name.endswith("docx") else ("pdf",),
                    MB, district_id=district.id)
    assert "DOCX" in refused.value.message or "PDF" in refused.value.message
    assert db.session.query(StoredFile).count() == 0


def test_a_zip_that_is_not_a_document_is_refused(district):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/zip")
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(DomainError):
        save_upload(upload(out.getvalue(), "a.odt"), DOCUMENTS, MB, district_id=district.id)


def test_images_are_not_documents(district):
    with pytest.raises(DomainError):
        save_upload(upload(image_bytes("PNG"), "verbale.pdf"), DOCUMENTS, MB, district_id=district.id)


def test_an_oversized_file_is_refused_with_the_limit(district):
    big = PDF[:-7] + b" " * (2 * MB) + b"%%EOF\n"
    with pytest.raises(DomainError) as refused:
        save_upload(upload(big, "grande.pdf"), DOCUMENTS, MB, district_id=district.id)
    assert "1 MB" in refused.value.message


def test_empty_and_missing_files_are_refused(district):
    with pytest.raises(DomainError):
        save_upload(upload(b"", "vuoto.pdf"), DOCUMENTS, MB, district_id=district.id)
    with pytest.raises(DomainError):
        save_upload(FileStorage(io.BytesIO(b""), filename=""), DOCUMENTS, MB, district_id=district.id)


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\anna\\Verbale 9 aprile.PDF", "Verbale 9 aprile.pdf"),
    ('a"; filename=evil.html.pdf', "a filename=evil.html.pdf"),
    ("ordine.exe", "ordine.pdf"),
    ("", "file.pdf"),
    ("Città — sintesi.pdf", "Città — sintesi.pdf"),
])
def test_file_names_are_cleaned_and_get_the_real_extension(name, expected):
    assert clean_filename(name, KINDS["pdf"]) == expected


def test_sent_files_cannot_be_sniffed_and_name_is_safe(district):
    stored = save_upload(upload(PDF, 'Città "verbale".pdf'), DOCUMENTS, MB, district_id=district.id)
    response = send_stored(stored)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Citt%C3%A0%20verbale.pdf" in disposition
    assert disposition.count('"') == 2   # the name's own quotes never reach the header
    assert response.get_data() == PDF


def test_only_images_may_be_shown_inline(district):
    pdf = save_upload(upload(PDF, "a.pdf"), DOCUMENTS, MB, district_id=district.id)
    png = save_upload(upload(image_bytes("PNG"), "a.png"), IMAGES, MB, district_id=district.id)
    assert send_stored(pdf, as_attachment=False).headers["Content-Disposition"].startswith("attachment")
    assert send_stored(png, as_attachment=False).headers["Content-Disposition"].startswith("inline")


def test_the_audit_log_never_copies_the_bytes(district):
    from app.models import AuditLog
    save_upload(upload(PDF, "a.pdf"), DOCUMENTS, MB, district_id=district.id)
    db.session.commit()
    entry = db.session.query(AuditLog).filter_by(entity="StoredFile").one()
    assert "data" not in entry.after and entry.after["filename"] == "a.pdf"
