"""Evidence files (certificates, transcripts): checked by their content and stored privately.

An upload is accepted only when it is a PDF (`%PDF-` at its very first byte) without anything
that runs — scripts, launch actions, embedded files, rich media, XFA forms — or a PNG or JPEG
that Pillow verifies as such.  The name and the browser's content type are not trusted, and
neither the name on disk nor the name of a download comes from the client.  Files are stored
under MEDIA_ROOT, which no URL serves; `evidence_response` is the one way out and is called only
by views that have checked the viewer's rights.
"""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imt.uploads import EXTENSIONS, magic_image_type, verified_image_type

EMPTY_FILE = gettext_lazy("The file is empty. Choose the certificate file again.")

EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
# A browser that is handed the file runs nothing in it, loads nothing for it and sends no form from it;
# the inline styles are those of the browser's own image and PDF viewers.
SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"

# What makes a PDF do something rather than show something.
ACTIVE_KEYS = frozenset({
    "/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/RichMedia", "/RichMediaContent",
    "/RichMediaSettings", "/XFA",
})
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/GoToE", "/RichMediaExecute", "/SubmitForm"})
ACTIVE_TYPES = frozenset({"/EmbeddedFile", "/RichMedia", "/FileAttachment"})
# A certificate has a few dozen objects; a file with more than this is refused rather than walked for long.
MAX_PDF_OBJECTS = 50_000
POLYGLOT_WINDOW = 1024


def max_bytes():
    return getattr(settings, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def _pdf_refused():
    return ValidationError(
        _("This PDF contains scripts or embedded files. Print it to a new PDF and upload that."),
        code="active_pdf",
    )


def _is_active(item):
    """Whether one PDF dictionary (or stream dictionary) holds a script, an action that launches or imports
    something, an embedded file or rich media."""
    import pikepdf

    keys = set(item.keys())
    if keys & ACTIVE_KEYS:
        return True
    for key, names in (("/S", ACTIVE_ACTIONS), ("/Type", ACTIVE_TYPES), ("/Subtype", ACTIVE_TYPES)):
        value = item.get(key)
        if isinstance(value, pikepdf.Name) and str(value) in names:
            return True
    return False


def _check_pdf(data):
    """Open the PDF and look at every object it holds — the catalog and its open action, the names tree,
    pages, annotations, form fields and their additional actions, also inside compressed object streams —
    for active content; ValidationError if any."""
    import pikepdf  # here, not at start-up: only an uploaded PDF needs it (and it takes a tenth of a second)

    containers = (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array)
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise ValidationError(
            _("This PDF is protected by a password. Print it to a new PDF without a password and upload that."),
            code="encrypted_pdf",
        ) from None
    except Exception:  # qpdf gives up on a file it cannot repair
        raise ValidationError(
            _("This PDF is damaged and cannot be read. Print it to a new PDF and upload that."),
            code="damaged_pdf",
        ) from None
    with pdf:
        objects = pdf.objects
        if len(objects) > MAX_PDF_OBJECTS:
            raise ValidationError(
                _("This PDF is too complex to check. Print it to a new PDF and upload that."), code="complex_pdf"
            )
        pending = [pdf.trailer, *objects]
        while pending:
            item = pending.pop()
            if isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
                if _is_active(item):
                    raise _pdf_refused()
                children = item.values()
            elif isinstance(item, pikepdf.Array):
                children = item
            else:
                continue
            # Indirect objects are in `objects` already: following them again could loop forever.
            pending.extend(child for child in children if isinstance(child, containers) and not child.is_indirect)


def evidence_content_type(upload):
    """The content type of `upload` judged by its content; ValidationError with a clear message otherwise."""
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
    head = upload.read(POLYGLOT_WINDOW)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        data = upload.read()
        upload.seek(0)
        _check_pdf(data)
        return "application/pdf"
    if magic_image_type(head):
        return verified_image_type(upload)
    if head.startswith(EXECUTABLE_MAGIC):
        raise ValidationError(
            _("This file is a program, not a document, whatever its name says. Upload a PDF, JPEG or PNG."),
            code="executable",
        )
    if b"%PDF-" in head:
        # Something else first (a web page, say) with a PDF behind it: a file that is two things at once.
        raise ValidationError(
            _("This file does not start as a PDF does (it may be a web page with a PDF inside). "
              "Print it to a new PDF and upload that."),
            code="polyglot",
        )
    raise ValidationError(
        _("Only PDF, JPEG and PNG files are accepted, and this file's content is none of them."),
        code="wrong_type",
    )


def evidence_path(instance, filename):
    """A private, unguessable path per sponsor, with the extension of the verified type: the services
    name the file with `imt.uploads.server_name`, so its extension is that type's; any other is dropped."""
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in EXTENSIONS.values():
        extension = EXTENSIONS.get(getattr(instance, "evidence_content_type", ""), "")
    return f"evidence/{instance.sponsor_id}/{uuid.uuid4().hex}{extension}"


def stored_content_type(field_file):
    """The type of a stored evidence file, from its first bytes (it was verified when uploaded)."""
    with field_file.open("rb") as stored:
        head = stored.read(16)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return magic_image_type(head) or "application/octet-stream"


def evidence_download_name(kind, pk, content_type):
    """The name a download gets: the kind of record and its id, never the uploader's file name."""
    return f"{kind}-{pk}{EXTENSIONS.get(content_type, '')}"


def evidence_response(field_file, *, content_type, download_name):
    """Serve a stored evidence file to a viewer whose rights the caller has checked.

    Shown inline (the pages open it in a new tab), in a sandbox in which the browser runs nothing."""
    response = FileResponse(
        field_file.open("rb"), content_type=content_type, as_attachment=False, filename=download_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cache-Control"] = "private, no-store"
    return response
