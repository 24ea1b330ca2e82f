"""The back office for customers: a list staff can search and filter, a customer page in
sections with the customer's documents inline, and the agent actions (act on behalf,
password reset mail, unlock, disable/enable), each behind its permission and audited."""

from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from customers import admin_actions, outgoing_mail_admin, workspace  # noqa: F401 (registers its page)
from customers.admin_forms import CustomerAdminForm, CustomerNoteForm
from customers.impex.admin import export_as_commerce_cloud_xml
from customers.models import Basket, Customer, CustomerAddress, CustomerPaymentInstrument, Order
from customers.order_view import readable_order
from customers.permissions import (
    ADD_CUSTOMER_NOTE,
    CHANGE_CUSTOMER,
    CREATE_ORDER_ON_BEHALF_OF,
    VIEW_CUSTOMER,
    VIEW_ORDER,
    VIEW_SITE,
)
from customers.search import search
from shopsite.accounts import audit
from shopsite.api.models import ApiClient


def seconds(value) -> str:
    """A timestamp to the second, in the admin's time zone."""
    if value is None:
        return "-"
    return date_format(timezone.localtime(value), "Y-m-d H:i:s")


class AddressBookFormSet(BaseInlineFormSet):
    """Two addresses ticked preferred in one submission: which one would win depends on
    the order they are saved in, so the admin is asked to choose instead."""

    def clean(self):
        super().clean()
        preferred = [
            form
            for form in self.forms
            if form.cleaned_data.get("preferred") and not form.cleaned_data.get("DELETE")
        ]
        if len(preferred) > 1:
            raise ValidationError("Only one address can be preferred.")


class CustomerAddressInline(admin.StackedInline):
    """The address book. Marking an address preferred un-marks the previous one on save."""

    model = CustomerAddress
    formset = AddressBookFormSet
    extra = 0
    classes = ["collapse"]
    fields = [
        ("address_id", "preferred"),
        ("salutation", "title", "first_name", "second_name", "last_name", "suffix"),
        ("company_name", "job_title"),
        ("address1", "address2", "suite", "post_box"),
        ("postal_code", "city", "state_code", "country_code"),
        "phone",
        "custom",
    ]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CustomerPaymentInstrumentInline(ReadOnlyInline):
    """Saved payment instruments, read-only and masked: the admin never decrypts a number
    (the encrypted columns are not even fields of this form). They can be deleted. Few,
    short columns so the table fits the page."""

    model = CustomerPaymentInstrument
    can_delete = True
    show_change_link = False
    fields = readonly_fields = ["payment_method_id", "card", "masked_number", "expiration"]

    @admin.display(description="card")
    def card(self, instrument):
        return " ".join(part for part in (instrument.card_type, instrument.card_holder) if part)

    @admin.display(description="number")
    def masked_number(self, instrument):
        return (
            instrument.card_masked_number
            or instrument.gift_certificate_code_masked
            or instrument.bank_account_masked_number
        )

    @admin.display(description="expires")
    def expiration(self, instrument):
        if not instrument.card_expiration_year:
            return ""
        return f"{instrument.card_expiration_month:02d}/{instrument.card_expiration_year}"


class RegistrationFilter(admin.SimpleListFilter):
    """Registered customers unless asked otherwise: every storefront visit makes a guest,
    and guests would bury the customers staff look for."""

    title = "registration"
    parameter_name = "registration"
    default = "registered"

    def lookups(self, request, model_admin):
        return [("registered", "Registered"), ("guest", "Guests"), ("all", "All")]

    def current(self):
        return self.value() or self.default

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.current() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.current() == "registered":
            return queryset.filter(is_guest=False)
        if self.current() == "guest":
            return queryset.filter(is_guest=True)
        return queryset


class LockedFilter(admin.SimpleListFilter):
    title = "locked"
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return [("yes", "Locked"), ("no", "Not locked")]

    def queryset(self, request, queryset):
        locked = Q(locked_until__gt=timezone.now())
        if self.value() == "yes":
            return queryset.filter(locked)
        if self.value() == "no":
            return queryset.exclude(locked)
        return queryset


def site_name_instead_of_link(request, fieldsets):
    """A read-only ``site`` links to the site's admin page, a 403 for staff who may not
    view sites: they get its name as text (``site_name``)."""
    if request.user.has_perm(VIEW_SITE):
        return fieldsets
    return [
        (
            name,
            {
                **options,
                "fields": [
                    tuple("site_name" if f == "site" else f for f in field)
                    if isinstance(field, tuple | list)
                    else ("site_name" if field == "site" else field)
                    for field in options["fields"]
                ],
            },
        )
        for name, options in fieldsets
    ]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    """The customer list and the customer page: the 360° panels (``customers.workspace``)
    on top, the profile form below, the agent's buttons above both."""

    form = CustomerAdminForm
    change_form_template = "admin/customers/customer/change_form.html"
    # Few columns that wrap: the list fits 1280 px without scrolling sideways.
    list_display = ["customer_no", "customer", "site", "state", "last_login"]
    list_display_links = ["customer_no", "customer"]
    list_select_related = ["site"]
    list_filter = ["site", RegistrationFilter, "enabled", LockedFilter]
    search_fields = ["login", "email", "first_name", "last_name", "customer_no", "=customer_id"]
    date_hierarchy = "creation_date"
    ordering = ["-creation_date", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    fieldsets = [
        (
            "Profile",
            {
                "fields": [
                    ("salutation", "title"),
                    ("first_name", "second_name", "last_name", "suffix"),
                    ("gender", "birthday"),
                    ("company_name", "job_title"),
                    "email",
                    ("phone_home", "phone_business", "phone_mobile", "fax"),
                    "preferred_locale",
                    "note",
                ]
            },
        ),
        (
            "Login and security",
            {
                "fields": [
                    "site",
                    "login",
                    ("customer_id", "customer_no", "is_guest"),
                    "enabled",
                    ("failed_login_count", "locked_until_display"),
                ]
            },
        ),
        (
            "Activity",
            {
                "fields": [
                    ("created", "modified"),
                    ("last_login", "previous_login"),
                    ("last_visit", "previous_visit"),
                ]
            },
        ),
        ("Custom attributes", {"fields": ["custom"]}),
    ]
    readonly_fields = [
        "customer_id",
        "customer_no",
        "is_guest",
        "failed_login_count",
        "locked_until_display",
        "created",
        "modified",
        "last_login",
        "previous_login",
        "last_visit",
        "previous_visit",
    ]
    inlines = [CustomerAddressInline, CustomerPaymentInstrumentInline]
    #: The 360° view's panels (apps above customers append theirs).
    panels = list(workspace.PANELS)

    class Media:
        css = {"all": ["customers/workspace.css"]}

    actions = [
        "act_on_behalf",
        "send_password_reset",
        "unlock",
        "disable",
        "enable",
        export_as_commerce_cloud_xml,
    ]

    # --- columns and read-only fields -------------------------------------------------

    @admin.display(description="customer", ordering="login")
    def customer(self, customer):
        """Login, name and email in one cell: three narrow columns would not fit."""
        return format_html(
            '<span class="login">{}</span>'
            '<span class="detail">{}</span><span class="detail">{}</span>',
            customer.login or "guest",
            customer.full_name,
            customer.email,
        )

    @admin.display(description="state", ordering="locked_until")
    def state(self, customer):
        """Words, not a tick: "locked" is a warning, "enabled" the normal case."""
        words = []
        if customer.is_guest:
            words.append(("muted", "guest"))
        if not customer.enabled:
            words.append(("alert", "disabled"))
        if customer.is_locked():
            until = date_format(timezone.localtime(customer.locked_until), "m-d H:i")
            words.append(("alert", f"locked until {until}"))
        if not words:
            words.append(("ok", "active"))
        return format_html_join(" ", '<span class="state state-{}">{}</span>', words)

    @admin.display(description="site")
    def site_name(self, customer):
        return customer.site.site_id

    @admin.display(description="last login", ordering="last_login_time")
    def last_login(self, customer):
        return seconds(customer.last_login_time)

    @admin.display(description="locked until")
    def locked_until_display(self, customer):
        return seconds(customer.locked_until)

    @admin.display(description="created")
    def created(self, customer):
        return seconds(customer.creation_date)

    @admin.display(description="last modified")
    def modified(self, customer):
        return seconds(customer.last_modified)

    @admin.display(description="previous login")
    def previous_login(self, customer):
        return seconds(customer.previous_login_time)

    @admin.display(description="last visit")
    def last_visit(self, customer):
        return seconds(customer.last_visit_time)

    @admin.display(description="previous visit")
    def previous_visit(self, customer):
        return seconds(customer.previous_visit_time)

    def get_readonly_fields(self, request, obj=None):
        # The site of an existing customer is part of its identity (logins are per site).
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "site", "site_name"] if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return site_name_instead_of_link(request, fieldsets) if obj is not None else fieldsets

    def save_model(self, request, obj, form, change):
        """Saves from the customer page are agent actions too: audited by field name."""
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            audit.record_admin_action(
                request, obj, f"Profile changed: {', '.join(sorted(form.changed_data))}"
            )

    # --- permissions of the actions ---------------------------------------------------

    def has_act_on_behalf_permission(self, request):
        return request.user.has_perm(CREATE_ORDER_ON_BEHALF_OF)

    def has_manage_permission(self, request):
        return request.user.has_perm(CHANGE_CUSTOMER)

    # --- the page's buttons: URLs ------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/act-on-behalf/",
                view(self.act_on_behalf_view),
                name="customers_customer_act_on_behalf",
            ),
            path(
                "<path:object_id>/do/<str:operation>/",
                view(self.operation_view),
                name="customers_customer_operation",
            ),
            path(
                "<path:object_id>/notes/add/",
                view(self.add_note_view),
                name="customers_customer_add_note",
            ),
            path("search/", view(self.search_view), name="customers_customer_search"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_act_on_behalf": self.has_act_on_behalf_permission(request),
            "can_manage": self.has_manage_permission(request),
        }
        customer = self.get_object(request, object_id)
        if customer is not None and self.has_view_or_change_permission(request, customer):
            extra_context["panels"] = workspace.panels_for(request, customer, self.panels)
            extra_context["note_form"] = CustomerNoteForm()
        return super().change_view(request, object_id, form_url, extra_context)

    def search_view(self, request):
        """The one search box (admin index, customer list): customers and orders."""
        if not request.user.has_perm(VIEW_CUSTOMER):
            raise PermissionDenied
        query = request.GET.get("q", "")
        results = search(query, include_orders=request.user.has_perm(VIEW_ORDER))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Search: {results.query}" if results.query else "Search",
            "results": results,
            "show_orders": request.user.has_perm(VIEW_ORDER),
        }
        return TemplateResponse(request, "admin/customers/search.html", context)

    def add_note_view(self, request, object_id):
        """POST: append a note to the customer's history (no view changes or deletes one)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm(ADD_CUSTOMER_NOTE):
            raise PermissionDenied
        customer = get_object_or_404(Customer.objects.select_related("site"), pk=object_id)
        form = CustomerNoteForm(request.POST)
        if not form.is_valid():
            self.message_user(request, " ".join(form.errors.get("text", [])), messages.ERROR)
        else:
            admin_actions.add_note(request, customer, form.cleaned_data["text"])
            self.message_user(request, "Note added.", messages.SUCCESS)
        return HttpResponseRedirect(self.change_url(customer) + "#notes")

    def act_on_behalf_view(self, request, object_id):
        """GET: choose the API client; POST: issue the token and show it, once."""
        customer = get_object_or_404(Customer.objects.select_related("site"), pk=object_id)
        if not self.has_act_on_behalf_permission(request):
            raise PermissionDenied
        clients = ApiClient.objects.filter(is_active=True).order_by("name")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "customer": customer,
            "title": f"Act on behalf of {customer}",
            "api_clients": clients,
        }
        if request.method == "POST":
            client = get_object_or_404(clients, client_id=request.POST.get("client_id", ""))
            try:
                issued = admin_actions.act_on_behalf(request, customer, client)
            except ValueError as problem:
                self.message_user(request, str(problem), messages.ERROR)
                return HttpResponseRedirect(self.change_url(customer))
            context.update(self.on_behalf_context(request, customer, issued))
        response = TemplateResponse(request, "admin/customers/customer/act_on_behalf.html", context)
        response["Cache-Control"] = "no-store"  # the page holds a token
        return response

    def on_behalf_context(self, request, customer, issued) -> dict:
        api_base = request.build_absolute_uri(
            f"/s/{customer.site.site_id}/dw/shop/v19_5/customers/{customer.customer_id}"
        )
        storefront = settings.OCAPI["AGENT_STOREFRONT_URL"]
        return {
            "issued": issued,
            "expires_at": seconds(issued.expires_at),
            "api_url": api_base,
            "curl": (
                f"curl {api_base} -H 'x-dw-client-id: {issued.api_client.client_id}' "
                f"-H 'Authorization: Bearer {issued.token}'"
            ),
            # In the fragment: browsers never send it to a server, so it stays out of logs.
            "storefront_url": f"{storefront}#token={issued.token}" if storefront else "",
        }

    #: The page's POST buttons and list actions: URL name -> (function, success message).
    OPERATIONS = {
        "send-password-reset": (
            admin_actions.send_password_reset,
            "Password reset email queued for {}.",
        ),
        "unlock": (admin_actions.unlock, "Unlocked {}."),
        "disable": (partial(admin_actions.set_enabled, enabled=False), "Disabled {}."),
        "enable": (partial(admin_actions.set_enabled, enabled=True), "Enabled {}."),
    }

    def operation_view(self, request, object_id, operation):
        """The page's POST buttons: the same functions as the list actions."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if operation not in self.OPERATIONS:
            raise PermissionDenied
        customer = get_object_or_404(Customer.objects.select_related("site"), pk=object_id)
        self.run(request, customer, operation)
        return HttpResponseRedirect(self.change_url(customer))

    def run(self, request, customer, operation) -> bool:
        function, success = self.OPERATIONS[operation]
        try:
            function(request, customer)
        except ValueError as problem:
            self.message_user(request, str(problem), messages.ERROR)
            return False
        self.message_user(request, success.format(customer), messages.SUCCESS)
        return True

    def change_url(self, customer) -> str:
        return reverse("admin:customers_customer_change", args=[customer.pk])

    # --- list actions -------------------------------------------------------------------

    @admin.action(
        description="Act on behalf of the selected customer", permissions=["act_on_behalf"]
    )
    def act_on_behalf(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True)[:2])  # one query, not count+get
        if len(selected) != 1:
            self.message_user(
                request, "Select exactly one customer to act on behalf of.", messages.WARNING
            )
            return None
        return HttpResponseRedirect(
            reverse("admin:customers_customer_act_on_behalf", args=[selected[0]])
        )

    def run_on_each(self, request, queryset, operation):
        for customer in queryset.select_related("site"):
            self.run(request, customer, operation)

    @admin.action(description="Send password reset email", permissions=["manage"])
    def send_password_reset(self, request, queryset):
        self.run_on_each(request, queryset, "send-password-reset")

    @admin.action(description="Unlock account (reset failed logins)", permissions=["manage"])
    def unlock(self, request, queryset):
        self.run_on_each(request, queryset, "unlock")

    @admin.action(description="Disable selected customers", permissions=["manage"])
    def disable(self, request, queryset):
        self.run_on_each(request, queryset, "disable")

    @admin.action(description="Enable selected customers", permissions=["manage"])
    def enable(self, request, queryset):
        self.run_on_each(request, queryset, "enable")


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Orders. The page reads as an order (``customers.order_view``): items, addresses,
    shipments, payments, totals. Staff who may change orders also get the stored
    documents' form below it; staff who may only view them, the readable order alone."""

    change_form_template = "admin/customers/order/change_form.html"

    class Media:
        css = {"all": ["customers/workspace.css"]}

    # Few columns that wrap: the list fits 1280 px without scrolling sideways.
    list_display = ["order_no", "customer", "site", "status", "total", "placed"]
    list_filter = ["status", "payment_status", "shipping_status", "site"]
    search_fields = ["order_no", "customer__login", "customer__customer_no", "email"]
    date_hierarchy = "creation_date"
    raw_id_fields = ["customer"]
    list_select_related = ["customer", "site"]
    readonly_fields = ["order_token", "last_modified"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            return site_name_instead_of_link(request, fieldsets)
        return fieldsets

    def change_view(self, request, object_id, form_url="", extra_context=None):
        order = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if order is not None and self.has_view_or_change_permission(request, order):
            extra_context["readable"] = readable_order(order)
            extra_context["show_form"] = self.has_change_permission(request, order)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="site")
    def site_name(self, order):
        return order.site.site_id

    @admin.display(description="total", ordering="order_total")
    def total(self, order):
        return f"{order.order_total} {order.currency}"

    @admin.display(description="placed", ordering="creation_date")
    def placed(self, order):
        return date_format(timezone.localtime(order.creation_date), "Y-m-d H:i")


@admin.register(Basket)
class BasketAdmin(admin.ModelAdmin):
    list_display = ["basket_id", "customer", "product_total", "currency", "channel_type"]
    list_display += ["agent_basket", "last_modified"]
    list_filter = ["channel_type", "agent_basket"]
    search_fields = ["basket_id", "customer__login", "customer__customer_no", "source_code"]
    raw_id_fields = ["customer"]
    list_select_related = ["customer"]
    readonly_fields = ["basket_id", "creation_date", "last_modified"]
