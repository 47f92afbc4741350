"""PDF rendering with WeasyPrint, closed to the network.

Templates refer to resources by ordinary paths (`{% static %}` and the sponsor's
logo URL).  The document's base URL is a private scheme, so every relative
reference resolves to `imt-pdf://local/...`, and the fetcher below answers only
two kinds of address: the project's own static files and the sponsor's logo.
Anything else — http(s), file:, data: — is refused, so a user-entered URL in a
record can never make the renderer fetch it.
"""

import io
import mimetypes
import warnings
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from PIL import Image
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from programs.services import LOGO_MAX_PIXELS, LOGO_MAX_SIDE

BASE_URL = "imt-pdf://local/"
LOGO_PATH = "/sponsor-logo"


class ProjectFilesOnly(URLFetcher):
    def __init__(self, sponsor=None):
        super().__init__(allowed_protocols=["imt-pdf"], fail_on_errors=False)
        self.sponsor = sponsor

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        # Python's urljoin leaves references relative under an unknown scheme, so both forms arrive here.
        relative = not parsed.scheme and not parsed.netloc
        if not relative and (parsed.scheme != "imt-pdf" or parsed.netloc != "local"):
            raise ValueError(f"The PDF renderer fetches nothing outside the project: {url}")
        path = "/" + unquote(parsed.path).lstrip("/")
        if path == LOGO_PATH:
            return self._logo(url)
        static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if path.startswith(static_prefix):
            relative = path[len(static_prefix):]
            if ".." in relative.split("/"):
                raise ValueError(f"Refusing a path outside the static files: {url}")
            found = finders.find(relative)
            if found:
                with open(found, "rb") as handle:
                    return self._response(url, handle.read(), found)
        raise ValueError(f"No such project file: {url}")

    def _logo(self, url):
        if self.sponsor is None or not self.sponsor.logo:
            raise ValueError("This sponsor has no logo.")
        with self.sponsor.logo.open("rb") as handle:
            data = handle.read()
        # A logo stored before uploads were re-drawn small could decode to hundreds of megapixels in
        # every packet; its header says so without decoding it, and the packet goes without it.
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                width, height = Image.open(io.BytesIO(data)).size
        except Exception as error:  # Pillow cannot read it: neither could WeasyPrint
            raise ValueError("The sponsor's logo is not a readable image.") from error
        if max(width, height) > LOGO_MAX_SIDE or width * height > LOGO_MAX_PIXELS:
            raise ValueError(f"The sponsor's logo is too large to draw ({width} × {height} pixels).")
        return self._response(url, data, self.sponsor.logo.name)

    @staticmethod
    def _response(url, data, name):
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=data, headers={"Content-Type": content_type})


def render_pdf_pages(template_name, context, *, sponsor=None):
    """Render a Django template to (PDF bytes, page count).  The context gets `logo_url` when the
    sponsor has a logo.  Everything user-entered reaches the HTML through Django's autoescaping."""
    context = {**context, "logo_url": LOGO_PATH.lstrip("/") if sponsor is not None and sponsor.logo else ""}
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=ProjectFilesOnly(sponsor)).render()
    return document.write_pdf(), len(document.pages)


def render_pdf(template_name, context, *, sponsor=None):
    """Render a Django template to PDF bytes (see render_pdf_pages)."""
    return render_pdf_pages(template_name, context, sponsor=sponsor)[0]
