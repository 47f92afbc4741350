"""Files for upload tests, made on the spot: PDFs with or without active content, real PNGs and JPEGs."""

import io

import pikepdf
from PIL import Image


def pdf_bytes(build=None, *, compressed=True):
    """A one-page PDF, changed by `build(pdf)`; with compressed object streams, as most writers make them,
    so that no keyword can be found in the raw bytes."""
    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page()
    if build:
        build(pdf)
    buffer = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if compressed else pikepdf.ObjectStreamMode.disable
    pdf.save(buffer, object_stream_mode=mode, compress_streams=True)
    return buffer.getvalue()


def image_bytes(kind, size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, kind)
    return buffer.getvalue()


def javascript(pdf):
    return pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pdf.make_stream(b"app.alert('hello')"))


def open_action_javascript(pdf):
    pdf.Root.OpenAction = javascript(pdf)


def open_action_launch(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))


def names_javascript(pdf):
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("run"), pdf.make_indirect(javascript(pdf))])
    ))


def embedded_file(pdf):
    stream = pdf.make_stream(b"MZ not a certificate", Type=pikepdf.Name.EmbeddedFile)
    spec = pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("tool.exe"),
                              EF=pikepdf.Dictionary(F=stream))
    pdf.Root.Names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("tool.exe"), pdf.make_indirect(spec)])
    ))


def page_additional_action(pdf):
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=javascript(pdf))


def annotation_javascript(pdf):
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                              Rect=pikepdf.Array([0, 0, 100, 100]), A=javascript(pdf))
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))


def rich_media(pdf):
    annotation = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.RichMedia,
                                    Rect=pikepdf.Array([0, 0, 100, 100]))
    pdf.pages[0].obj.Annots = pikepdf.Array([pdf.make_indirect(annotation)])


def xfa_form(pdf):
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([]), XFA=pdf.make_stream(b"<xdp:xdp/>"))


def link_to_a_web_page(pdf):
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=pikepdf.Array([0, 0, 9, 9]),
                              A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org")))
    pdf.pages[0].obj.Annots = pikepdf.Array([pdf.make_indirect(link)])
    pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])
