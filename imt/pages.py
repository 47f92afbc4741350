"""The shapes every sponsor page repeats, written once.

A view names its form, the service that writes, the message and where to go next; these helpers do the
rest the same way everywhere: validate, call the service, put a service's ValidationError next to its
field, say what happened, redirect (post/redirect/get).  They know nothing about permissions: the URL
declares them (imt/access.py) and the service checks them again (imt/permissions.require).
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

PAGE_SIZE = 25


def paginate(request: HttpRequest, items: QuerySet[Any] | Sequence[Any], *, per_page: int = PAGE_SIZE) -> Page[Any]:
    """The page of `items` the query string asks for (?page=…); the last one when it asks for too much."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to its field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[dict[str, Any]], Any],
    message: Callable[[Any], str],
    success_url: str,
    template: str,
    context: dict[str, Any] | None = None,
    also_valid: Iterable[forms.BaseForm | forms.BaseFormSet] = (),
) -> HttpResponse:
    """A page with one form that one service writes.

    On a POST whose `form` (and every form or formset in `also_valid`) is valid, calls
    `save(form.cleaned_data)` and redirects to `success_url` with the success `message(record)`, the record
    being what `save` returned.  A ValidationError from the service is shown on the form, and the page is
    rendered again, as on a GET: `template` with `form` and `context`.
    """
    if request.method == "POST" and all([form.is_valid(), *(other.is_valid() for other in also_valid)]):
        try:
            record = save(form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, message(record))
            return redirect(success_url)
    return render(request, template, {"form": form, **(context or {})})


def post_action(
    request: HttpRequest, act: Callable[[], Any], *, message: Callable[[Any], str], success_url: str
) -> HttpResponse:
    """A button that changes one record (archive, restore, revoke): call `act()`, say `message(record)` of
    what it returned, and go to `success_url`.  A ValidationError from the service is shown as an error
    message instead; nothing changed."""
    try:
        record = act()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message(record))
    return redirect(success_url)
