from imt.access import sponsor_page
from jobbook import views

BOOK = "job-books/<int:job_book_pk>/"
DRAFT = BOOK + "edit/"
EDIT = {"read": "jobbook.edit", "write": "jobbook.edit"}

# Included under /<sponsor_slug>/ by the root URLconf.  `read` opens a page, `write` sends it forms.
urlpatterns = [
    sponsor_page("job-books/", views.job_book_list, "job_book_list", read="jobbook.view"),
    sponsor_page("job-books/new/", views.job_book_create, "job_book_create", **EDIT),
    sponsor_page(BOOK, views.job_book_detail, "job_book_detail", read="jobbook.view"),
    sponsor_page(BOOK + "versions/<int:version_pk>/", views.job_book_version, "job_book_version", read="jobbook.view"),
    sponsor_page(BOOK + "print/", views.job_book_print, "job_book_print", read="jobbook.view"),
    sponsor_page(BOOK + "export/", views.job_book_export, "job_book_export", read="jobbook.view"),
    sponsor_page(BOOK + "history/", views.job_book_history, "job_book_history", read="jobbook.review"),
    sponsor_page(BOOK + "diff/", views.job_book_diff, "job_book_diff", read="jobbook.review"),
    sponsor_page(BOOK + "import/", views.job_book_import, "job_book_import", **EDIT),
    sponsor_page(DRAFT, views.job_book_editor, "job_book_editor", **EDIT),
    sponsor_page(DRAFT + "start/", views.version_start, "version_start", **EDIT),
    sponsor_page(DRAFT + "publish/", views.version_publish, "version_publish", **EDIT),
    sponsor_page(DRAFT + "discard/", views.version_discard, "version_discard", **EDIT),
    sponsor_page(DRAFT + "competencies/add/", views.competency_add, "competency_add", **EDIT),
    sponsor_page(DRAFT + "competencies/<int:competency_pk>/", views.competency_edit, "competency_edit", **EDIT),
    sponsor_page(DRAFT + "competencies/<int:competency_pk>/move/", views.competency_move, "competency_move", **EDIT),
    sponsor_page(DRAFT + "competencies/<int:competency_pk>/remove/", views.competency_remove, "competency_remove",
                 **EDIT),
    sponsor_page(DRAFT + "competencies/<int:competency_pk>/skills/add/", views.skill_add, "skill_add", **EDIT),
    sponsor_page(DRAFT + "skills/<int:skill_pk>/", views.skill_edit, "skill_edit", **EDIT),
    sponsor_page(DRAFT + "skills/<int:skill_pk>/move/", views.skill_move, "skill_move", **EDIT),
    sponsor_page(DRAFT + "skills/<int:skill_pk>/remove/", views.skill_remove, "skill_remove", **EDIT),
]
