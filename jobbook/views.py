"""Job Book pages: the list, a book's published version, the draft editor (htmx), history, diff,
import, export and a printable view.

Who sees what: the records a URL names come looked up by their visibility rules (jobbook.selectors;
another employer's book is not there); the URL names the permission to open and to write each page,
and the services check `jobbook.edit` against the record themselves.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from imt.pages import apply_validation_error
from jobbook import interchange, selectors, services
from jobbook.forms import (
    CompetencyForm,
    ImportForm,
    JobBookCreateForm,
    NewCompetencyForm,
    PublishForm,
    SkillForm,
)
from jobbook.models import Competency, JobBook, JobBookVersion, Skill
from programs.models import Program

# --- Reading ---------------------------------------------------------------


def job_book_list(request, sponsor_slug):
    books = list(selectors.job_books_for(request.membership).order_by("employer__name", "program__name"))
    versions = JobBookVersion.objects.filter(job_book__in=books).exclude(status=JobBookVersion.Status.RETIRED)
    current = {}
    for version in versions:
        current.setdefault(version.job_book_id, {})[version.status] = version
    rows = [(book, current.get(book.pk, {})) for book in books]
    return render(request, "jobbook/job_book_list.html", {
        "rows": rows, "can_create": request.membership.can("jobbook.edit"),
    })


def _book_context(request, book, version):
    competencies = selectors.competencies_of(version) if version else []
    return {
        "book": book,
        "version": version,
        "competencies": competencies,
        "totals": selectors.totals(competencies, book.program),
        "hybrid": book.program.approach == Program.Approach.HYBRID,
        "can_edit": selectors.can_edit(request.membership, book),
        "sees_drafts": selectors.sees_drafts(request.membership, book),
    }


def _same_book(book: JobBook, record_book_id: int) -> None:
    """A version, competency or skill named under another book's address is not there."""
    if record_book_id != book.pk:
        raise Http404


def job_book_detail(request, sponsor_slug, job_book):
    """The book as apprentices work to it: its published version, read-only."""
    book = job_book
    context = _book_context(request, book, selectors.published_version(book))
    if context["sees_drafts"]:
        context["draft"] = selectors.draft_version(book)
    return render(request, "jobbook/job_book_detail.html", context)


def job_book_version(request, sponsor_slug, job_book, version):
    _same_book(job_book, version.job_book_id)
    return render(request, "jobbook/job_book_version.html", _book_context(request, job_book, version))


def _requested_version(request, book):
    """?version=<pk> when given (and visible), else the published version, else (for editors) the draft."""
    pk = request.GET.get("version")
    if pk:
        if not pk.isdigit():
            raise Http404
        return selectors.version_for(request.membership, book, int(pk))
    version = selectors.published_version(book)
    if version is None and selectors.sees_drafts(request.membership, book):
        version = selectors.draft_version(book)
    if version is None:
        raise Http404
    return version


def job_book_print(request, sponsor_slug, job_book):
    book = job_book
    context = _book_context(request, book, _requested_version(request, book))
    return render(request, "jobbook/job_book_print.html", context)


def job_book_export(request, sponsor_slug, job_book):
    book = job_book
    version = _requested_version(request, book)
    content = services.version_content(version)
    filename = f"{slugify(book.name)}-v{version.number}"
    if request.GET.get("format") == "csv":
        response = HttpResponse(interchange.export_csv(content), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    else:
        response = HttpResponse(interchange.export_json(version, content), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def job_book_history(request, sponsor_slug, job_book):
    book = job_book
    versions = list(selectors.version_history(book).order_by("-number"))
    return render(request, "jobbook/job_book_history.html", {
        "book": book, "versions": versions, "can_edit": selectors.can_edit(request.membership, book),
    })


def job_book_diff(request, sponsor_slug, job_book):
    """What changed between any two versions (by default: the published one and the newest)."""
    book = job_book
    versions = list(selectors.version_history(book).order_by("-number"))
    by_pk = {str(v.pk): v for v in versions}
    if len(versions) < 2:
        return render(request, "jobbook/job_book_diff.html", {"book": book, "versions": versions, "diff": None})
    published = next((v for v in versions if v.status == JobBookVersion.Status.PUBLISHED), versions[1])
    new = by_pk.get(request.GET.get("to")) or versions[0]
    old = by_pk.get(request.GET.get("from")) or (published if published != new else versions[-1])
    return render(request, "jobbook/job_book_diff.html", {
        "book": book, "versions": versions, "diff": selectors.version_diff(old, new),
    })


# --- Creating and publishing -----------------------------------------------


def job_book_create(request, sponsor_slug):
    form = JobBookCreateForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            book = services.job_book_create(
                program=form.cleaned_data["program"], employer=form.cleaned_data["employer"], by=request.membership,
                source_version=form.source_version(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The Job Book was created as a draft. Tailor it, then publish it."))
            return redirect("job_book_editor", sponsor_slug=sponsor_slug, job_book_pk=book.pk)
    return render(request, "jobbook/job_book_create.html", {"form": form})


@require_POST
def version_start(request, sponsor_slug, job_book):
    book = job_book
    services.version_start_draft(job_book=book, by=request.membership)
    return redirect("job_book_editor", sponsor_slug=sponsor_slug, job_book_pk=book.pk)


@require_POST
def version_publish(request, sponsor_slug, job_book):
    book = job_book
    draft = selectors.draft_version(book)
    form = PublishForm(request.POST)
    if draft is None or not form.is_valid():
        messages.error(request, _("There is no draft to publish."))
        return redirect("job_book_detail", sponsor_slug=sponsor_slug, job_book_pk=book.pk)
    try:
        services.version_publish(version=draft, by=request.membership, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, _("Version %(n)s was not published: %(why)s")
                       % {"n": draft.number, "why": " ".join(error.messages)})
        return redirect("job_book_editor", sponsor_slug=sponsor_slug, job_book_pk=book.pk)
    messages.success(request, _("Version %(n)s is published; apprentices now work to it.") % {"n": draft.number})
    return redirect("job_book_detail", sponsor_slug=sponsor_slug, job_book_pk=book.pk)


@require_POST
def version_discard(request, sponsor_slug, job_book):
    book = job_book
    draft = selectors.draft_version(book)
    if draft is not None:
        try:
            services.version_discard(version=draft, by=request.membership)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("job_book_editor", sponsor_slug=sponsor_slug, job_book_pk=book.pk)
        messages.success(request, _("The draft was discarded."))
    return redirect("job_book_detail", sponsor_slug=sponsor_slug, job_book_pk=book.pk)


def job_book_import(request, sponsor_slug, job_book):
    book = job_book
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.version_import(job_book=book, content=form.content, by=request.membership)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The file was imported into draft version %(n)s. Check it, then publish it.")
                             % {"n": draft.number})
            return redirect("job_book_editor", sponsor_slug=sponsor_slug, job_book_pk=book.pk)
    return render(request, "jobbook/job_book_import.html", {"book": book, "form": form})


# --- The draft editor ------------------------------------------------------


def _editor(request, book, *, status=200, focus="", error=None):
    """The editor: the whole page, or (for htmx) just the #editor fragment."""
    draft = selectors.draft_version(book)
    context = _book_context(request, book, draft)
    context.update({
        "draft": draft, "focus": focus, "error": error, "publish_form": PublishForm(),
        "new_competency_form": NewCompetencyForm(),
    })
    if draft is None:
        context["published"] = selectors.published_version(book)
    template = "jobbook/partials/editor.html" if request.htmx else "jobbook/job_book_editor.html"
    return render(request, template, context, status=status)


def _after_change(request, book, focus=""):
    if request.htmx:
        return _editor(request, book, focus=focus)
    return redirect("job_book_editor", sponsor_slug=request.sponsor.slug, job_book_pk=book.pk)


def _refused(request, book, error):
    if request.htmx:
        return _editor(request, book, error=" ".join(error.messages))
    messages.error(request, " ".join(error.messages))
    return redirect("job_book_editor", sponsor_slug=request.sponsor.slug, job_book_pk=book.pk)


def job_book_editor(request, sponsor_slug, job_book):
    return _editor(request, job_book)


def _competency(book: JobBook, competency: Competency) -> Competency:
    _same_book(book, competency.version.job_book_id)
    return competency


def _skill(book: JobBook, skill: Skill) -> Skill:
    _same_book(book, skill.competency.version.job_book_id)
    return skill


def _form_errors(form):
    """A form's errors as one refusal, each prefixed with its field's label."""
    return ValidationError([
        f"{form.fields[field].label}: {' '.join(errors)}" if field in form.fields else " ".join(errors)
        for field, errors in form.errors.items()
    ])


def _form_fragment(request, template, context, target):
    """An inline form with its errors, put back where it was instead of replacing the whole editor.

    Without htmx (the form was sent before the page's script took it over) the editor page shows the
    errors instead."""
    if not request.htmx:
        return _refused(request, context["book"], _form_errors(context["form"]))
    response = render(request, template, context)
    return reswap(retarget(response, target), "innerHTML")


def _change(request, book, act, focus):
    """One change made in the editor: `act()` calls the service; the editor comes back with the focus on
    `focus(result)`, or with the service's refusal."""
    try:
        result = act()
    except ValidationError as error:
        return _refused(request, book, error)
    return _after_change(request, book, focus=focus(result))


def _inline_form(request, book, form, *, save, template, context, target, focus):
    """GET: the inline form of a competency or skill; POST: save it through `save(cleaned_data)` and answer
    with the editor, or with the form and its errors in place of `target`."""
    context = {"book": book, "form": form, **context}
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, book, error)
            apply_validation_error(form, error)
        else:
            return _after_change(request, book, focus=focus)
    if request.method == "POST":
        return _form_fragment(request, template, context, target)
    return render(request, template, context)


def _direction(request):
    return -1 if request.POST.get("direction") == "up" else 1


@require_POST
def competency_add(request, sponsor_slug, job_book):
    draft = selectors.draft_version(job_book)
    form = NewCompetencyForm(request.POST)
    if draft is None:
        return _refused(request, job_book, ValidationError(_("Start a draft to edit the Job Book.")))
    if not form.is_valid():
        return _refused(request, job_book, _form_errors(form))
    return _change(
        request, job_book, lambda: services.competency_add(version=draft, by=request.membership, **form.cleaned_data),
        focus=lambda competency: f"skill-add-{competency.pk}",
    )


def competency_edit(request, sponsor_slug, job_book, competency):
    competency = _competency(job_book, competency)
    initial = {f: getattr(competency, f) for f in ("name", "description", "target_hours", "minimum_hours")}
    return _inline_form(
        request, job_book, CompetencyForm(request.POST or None, initial=initial),
        save=lambda data: services.competency_update(competency=competency, by=request.membership, **data),
        template="jobbook/partials/competency_form.html",
        context={"competency": competency, "hybrid": job_book.program.approach == Program.Approach.HYBRID},
        target=f"#competency-{competency.pk}-head", focus=f"competency-{competency.pk}-edit",
    )


@require_POST
def competency_move(request, sponsor_slug, job_book, competency):
    competency, offset = _competency(job_book, competency), _direction(request)
    return _change(
        request, job_book,
        lambda: services.competency_move(competency=competency, by=request.membership, offset=offset),
        focus=lambda _: f"competency-{competency.pk}-{'up' if offset < 0 else 'down'}",
    )


@require_POST
def competency_remove(request, sponsor_slug, job_book, competency):
    competency = _competency(job_book, competency)
    return _change(
        request, job_book, lambda: services.competency_remove(competency=competency, by=request.membership),
        focus=lambda _: "competency-add",
    )


@require_POST
def skill_add(request, sponsor_slug, job_book, competency):
    competency = _competency(job_book, competency)
    form = SkillForm(request.POST)
    if not form.is_valid():
        return _refused(request, job_book, ValidationError(_("Type the skill's name before adding it.")))
    return _change(
        request, job_book,
        lambda: services.skill_add(competency=competency, by=request.membership, **form.cleaned_data),
        focus=lambda _: f"skill-add-{competency.pk}",
    )


def skill_edit(request, sponsor_slug, job_book, skill):
    skill = _skill(job_book, skill)
    return _inline_form(
        request, job_book,
        SkillForm(request.POST or None, initial={"name": skill.name, "description": skill.description}),
        save=lambda data: services.skill_update(skill=skill, by=request.membership, **data),
        template="jobbook/partials/skill_form.html", context={"skill": skill},
        target=f"#skill-{skill.pk}", focus=f"skill-{skill.pk}-edit",
    )


@require_POST
def skill_move(request, sponsor_slug, job_book, skill):
    skill, offset = _skill(job_book, skill), _direction(request)
    return _change(
        request, job_book, lambda: services.skill_move(skill=skill, by=request.membership, offset=offset),
        focus=lambda _: f"skill-{skill.pk}-{'up' if offset < 0 else 'down'}",
    )


@require_POST
def skill_remove(request, sponsor_slug, job_book, skill):
    skill = _skill(job_book, skill)
    return _change(
        request, job_book, lambda: services.skill_remove(skill=skill, by=request.membership),
        focus=lambda _: f"skill-add-{skill.competency_id}",
    )
