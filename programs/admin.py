from django.contrib import admin

from programs import services
from programs.models import Employer, Invitation, Membership, Sponsor


class EmployerInline(admin.TabularInline):
    model = Employer
    extra = 0
    fields = ["name", "city", "state", "archived_at"]


@admin.register(Sponsor)
class SponsorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "registration_agency", "rapids_sponsor_number", "is_active"]
    search_fields = ["name", "slug", "rapids_sponsor_number"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EmployerInline]

    def save_model(self, request, obj, form, change):
        services.sponsor_update(sponsor=obj)
        if not change:
            services.sponsor_setup(sponsor=obj)


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "sponsor", "city", "state", "archived_at"]
    list_filter = ["sponsor"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "sponsor", "role", "employer", "is_active"]
    list_filter = ["sponsor", "role", "is_active"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user", "deactivated_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "sponsor", "role", "employer", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["sponsor", "role"]
    search_fields = ["email"]
    readonly_fields = ["token"]
    raw_id_fields = ["invited_by", "accepted_by"]
