"""Uploaded files: images judged by their content, names chosen by the server, and the removal of a
stored file that no record points to any more.

A file keeps nothing of what the client said about it: its type is what its bytes and Pillow say,
its name on disk is random with the extension of that type, and a download is named by the server.
"""

import logging
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

logger = logging.getLogger(__name__)

IMAGE_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
PILLOW_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def server_name(content_type: str) -> str:
    """A random file name with the extension of `content_type` (a type verified by its content)."""
    return f"{uuid.uuid4().hex}{EXTENSIONS[content_type]}"


def magic_image_type(head: bytes) -> str | None:
    """The image type whose signature `head` starts with, or None."""
    return next((content_type for content_type, magic in IMAGE_MAGIC.items() if head.startswith(magic)), None)


def verified_image_type(upload) -> str:
    """"image/png" or "image/jpeg" when the file starts with that type's signature and Pillow reads and
    verifies it as that same type; ValidationError with a clear message otherwise.  Nothing is decoded:
    Pillow reads the headers (and a PNG's chunk checksums) only."""
    upload.seek(0)
    claimed = magic_image_type(upload.read(16))
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # The dimensions are the caller's to judge; nothing is decoded here.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload, formats=list(PILLOW_TYPES)) as image:
                found = PILLOW_TYPES.get(image.format or "")
                image.verify()
    except Image.DecompressionBombError:
        raise ValidationError(
            _("This image is far too large in pixels to be a scan or a photo. Upload a smaller image."),
            code="too_many_pixels",
        ) from None
    except Exception:  # Pillow signals a damaged file with many kinds of error
        raise ValidationError(
            _("This image is damaged or is not really a PNG or JPEG. Save it again as PNG or JPEG and upload that."),
            code="bad_image",
        ) from None
    finally:
        upload.seek(0)
    if claimed is None or found != claimed:
        raise ValidationError(
            _("This image is damaged or is not really a PNG or JPEG. Save it again as PNG or JPEG and upload that."),
            code="bad_image",
        )
    return found


def delete_after_commit(storage, name: str) -> None:
    """Remove a stored file once the transaction that stopped using it has committed.

    Never before: if the transaction rolls back, the record still points to the file.  A failure to
    remove it is logged, not raised, because the change itself is already saved."""
    if not name:
        return

    def delete():
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not remove the replaced file %s", name)

    transaction.on_commit(delete)
