from django.contrib import admin, messages

from shopsite.api.models import ApiClient, Site


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["site_id", "name", "is_online"]
    search_fields = ["site_id", "name"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "client_id", "is_active", "is_trusted", "created"]
    list_filter = ["is_active", "is_trusted"]
    search_fields = ["name", "client_id"]
    readonly_fields = ["client_id", "created"]
    fields = ["name", "client_id", "is_active", "is_trusted", "allowed_origins", "created"]
    actions = ["regenerate_secret"]

    @admin.action(description="Generate a new secret (shown once)")
    def regenerate_secret(self, request, queryset):
        for client in queryset:
            secret = client.set_new_secret()
            client.save(update_fields=["secret_hash"])
            self.message_user(
                request,
                f"New secret for {client.client_id}: {secret} (copy it now; it is not stored).",
                messages.WARNING,
            )
