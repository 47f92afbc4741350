"""Read-only views of apprentices' records for platform operators.  Signed history is never changed
here: these records change only through apprentices.services."""

from django.contrib import admin

from apprentices.models import Enrollment, OJTEntry, Signature, SignOffRevocation, SkillSignOff, StatusChange


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "sponsor", "employer", "status", "start_date"]
    list_filter = ["status"]


@admin.register(OJTEntry)
class OJTEntryAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "date", "hours", "status"]
    list_filter = ["status"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["printed_name", "signed_at", "meaning"]


@admin.register(SkillSignOff)
class SkillSignOffAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "skill_key", "level", "observed_on"]


@admin.register(SignOffRevocation)
class SignOffRevocationAdmin(ReadOnlyAdmin):
    list_display = ["sign_off", "created_at"]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "kind", "effective_date"]
