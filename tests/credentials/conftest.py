import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rti.demo import DEMO_PDF
from tests.rti.conftest import make_apprentices, new_section  # noqa: F401  (shared fixtures)


@pytest.fixture
def evidence_dir(settings):
    return settings.MEDIA_ROOT / "evidence"


def upload(name="certificate.pdf", content=DEMO_PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)
