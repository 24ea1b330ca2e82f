"""Sites and API clients. A client's secret exists in plain text only on the page that
generates it (on creation, or "Generate new secret"), never in a message, log or cookie.
A client's OCAPI settings document is edited as JSON and validated like an import."""

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path

from shopsite.api.client_settings import (
    ORIGIN,
    SettingsDocumentError,
    parse_client_document,
    without_client_id,
)
from shopsite.api.models import ApiClient, Site, invalid_redirect_uris

SETTINGS_EXAMPLE = (
    '{"allowed_origins": ["https://www.example.com"], "resources": [{"resource_id": '
    '"/customers/**", "methods": ["get", "post", "patch", "delete"], "read_attributes": '
    '"(**)", "write_attributes": "(**)", "cache_time": 0}]}'
)


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["site_id", "name", "is_online"]
    list_filter = ["is_online"]
    search_fields = ["site_id", "name"]


class SettingsDocumentField(forms.JSONField):
    """The document as indented JSON, the way Business Manager shows it."""

    # Django's field parses the text twice (cleaning, redisplay) and lets a deeply nested
    # document's RecursionError through: a form error and the text redisplayed instead.
    def to_python(self, value):
        try:
            return super().to_python(value)
        except RecursionError:
            raise forms.ValidationError("The document is nested too deeply.") from None

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except RecursionError:
            return forms.fields.InvalidJSONInput(data)

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False)


class ApiClientForm(forms.ModelForm):
    slas_client_type = forms.ChoiceField(
        label="SLAS client type",
        choices=ApiClient._meta.get_field("slas_client_type").choices,
        required=False,
        initial=ApiClient.SLAS_PUBLIC,
        help_text=ApiClient._meta.get_field("slas_client_type").help_text,
    )
    ocapi_settings = SettingsDocumentField(
        label="OCAPI settings",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100, "class": "settings-document"}),
        help_text="This client's entry of the OCAPI settings document, as in Business "
        "Manager (a client_id in it must be this client's; on a new client it becomes its "
        f"client id). Empty: every resource is allowed. Example: {SETTINGS_EXAMPLE}",
    )

    class Meta:
        model = ApiClient
        fields = [
            "name",
            "is_active",
            "is_trusted",
            "allowed_origins",
            "ocapi_settings",
            "slas_client_type",
            "redirect_uris",
        ]

    def clean_slas_client_type(self):
        # Left out (a form posted before SLAS existed, a script): public, the model's default.
        return self.cleaned_data.get("slas_client_type") or ApiClient.SLAS_PUBLIC

    def clean_redirect_uris(self):
        text = self.cleaned_data["redirect_uris"]
        bad = invalid_redirect_uris(text.splitlines())
        if bad:
            raise forms.ValidationError(
                f"Not an absolute URI without fragment or wildcard: {', '.join(bad)}."
            )
        return text

    def clean_allowed_origins(self):
        """One origin a line, by the settings document's rule: a line like
        ``shop.example.com`` would never match a browser's ``Origin`` header."""
        text = self.cleaned_data["allowed_origins"]
        bad = [
            line.strip()
            for line in text.splitlines()
            if line.strip() and not ORIGIN.fullmatch(line.strip().rstrip("/"))
        ]
        if bad:
            raise forms.ValidationError(
                f"Not an origin like https://www.example.com: {', '.join(bad)}."
            )
        return text

    def clean_ocapi_settings(self):
        document = self.cleaned_data["ocapi_settings"]
        if document is None:
            return None
        existing = self.instance.client_id if self.instance.pk else None
        try:
            parse_client_document(document, client_id=existing)
        except SettingsDocumentError as error:
            raise forms.ValidationError(error.errors) from None
        named = document.get("client_id")
        if existing is None and named is not None:
            if ApiClient.objects.filter(client_id=named).exists():
                raise forms.ValidationError(f"client_id: '{named}' is another client's id.")
            self.instance.client_id = named
        return without_client_id(document)


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = [
        "name",
        "client_id",
        "is_active",
        "is_trusted",
        "has_settings",
        "has_secret",
        "created",
    ]
    list_filter = ["is_active", "is_trusted", "slas_client_type"]
    search_fields = ["name", "client_id"]
    readonly_fields = ["client_id", "has_secret", "created"]
    fields = [
        "name",
        "client_id",
        "is_active",
        "is_trusted",
        "allowed_origins",
        "ocapi_settings",
        "slas_client_type",
        "redirect_uris",
        "has_secret",
        "created",
    ]
    actions = ["regenerate_secret"]
    change_form_template = "admin/ocapi/apiclient/change_form.html"

    @admin.display(description="settings document", boolean=True)
    def has_settings(self, client):
        return client.ocapi_settings is not None

    @admin.display(description="secret", boolean=True)
    def has_secret(self, client):
        return bool(client.secret_hash)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/new-secret/",
                self.admin_site.admin_view(self.new_secret_view),
                name="ocapi_apiclient_new_secret",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            # Shown by response_add, on the page answering this request only.
            request.new_client_secrets = [(obj, obj.set_new_secret())]
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return self.secrets_response(request, getattr(request, "new_client_secrets", []))

    def new_secret_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        client = get_object_or_404(ApiClient, pk=object_id)
        return self.secrets_response(request, [self.replace_secret(client)])

    @admin.action(description="Generate a new secret (shown once)", permissions=["change"])
    def regenerate_secret(self, request, queryset):
        return self.secrets_response(request, [self.replace_secret(c) for c in queryset])

    @staticmethod
    def replace_secret(client) -> tuple[ApiClient, str]:
        secret = client.set_new_secret()
        client.save(update_fields=["secret_hash"])
        return client, secret

    def secrets_response(self, request, secrets):
        response = TemplateResponse(
            request,
            "admin/ocapi/apiclient/secret.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "API client secret",
                "secrets": secrets,
            },
        )
        response["Cache-Control"] = "no-store"
        return response
