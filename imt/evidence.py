"""Evidence files (certificates, transcripts): checked by their content and stored privately.

An upload is accepted only when its first bytes are those of a PDF, a JPEG or a PNG — the
name and the browser's content type are not trusted.  Files are stored under MEDIA_ROOT,
which no URL serves; `evidence_response` is the one way out and is called only by views
that have checked the viewer's rights.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMPTY_FILE = gettext_lazy("The file is empty. Choose the certificate file again.")

# content type -> (magic prefix, extension)
EVIDENCE_TYPES = {
    "application/pdf": (b"%PDF-", ".pdf"),
    "image/jpeg": (b"\xff\xd8\xff", ".jpg"),
    "image/png": (b"\x89PNG\r\n\x1a\n", ".png"),
}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def max_bytes():
    return getattr(settings, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def evidence_content_type(upload):
    """The content type of `upload` judged by its first bytes; ValidationError with a clear message otherwise."""
    limit = max_bytes()
    if upload.size == 0:
        raise ValidationError(str(EMPTY_FILE), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size).1f MB; evidence files may be at most %(limit)d MB.")
            % {"size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, (magic, _extension) in EVIDENCE_TYPES.items():
        if head.startswith(magic):
            return content_type
    if head.startswith(EXECUTABLE_MAGIC):
        raise ValidationError(
            _("This file is a program, not a document, whatever its name says. Upload a PDF, JPEG or PNG."),
            code="executable",
        )
    raise ValidationError(
        _("Only PDF, JPEG and PNG files are accepted, and this file's content is none of them."),
        code="wrong_type",
    )


def evidence_path(instance, filename):
    """A private, unguessable path per sponsor; the original name is kept on the record, not the disk."""
    extension = EVIDENCE_TYPES.get(getattr(instance, "evidence_content_type", ""), (b"", ""))[1]
    return f"evidence/{instance.sponsor_id}/{uuid.uuid4().hex}{extension}"


def evidence_response(field_file, *, content_type, download_name):
    """Serve a stored evidence file to a viewer whose rights the caller has checked."""
    response = FileResponse(
        field_file.open("rb"), content_type=content_type, as_attachment=False, filename=download_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
