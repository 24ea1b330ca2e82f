from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from customers.impex.admin import export_as_commerce_cloud_xml
from customers.models import Basket, Customer, CustomerAddress, CustomerPaymentInstrument, Order


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
    fields = [
        ("address_id", "preferred"),
        ("salutation", "title", "first_name", "second_name", "last_name", "suffix"),
        ("company_name", "job_title"),
        ("address1", "address2", "suite", "post_box"),
        ("postal_code", "city", "state_code", "country_code"),
        "phone",
        "custom",
    ]


class CustomerPaymentInstrumentInline(admin.TabularInline):
    """Saved payment instruments, read-only and masked: the admin never decrypts a number
    (the encrypted columns are not even fields of this form). They can be deleted."""

    model = CustomerPaymentInstrument
    extra = 0
    fields = readonly_fields = [
        "payment_instrument_id",
        "payment_method_id",
        "card_type",
        "card_holder",
        "card_masked_number",
        "expiration",
        "gift_certificate_code_masked",
        "bank_account_masked_number",
        "creation_date",
    ]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="expires")
    def expiration(self, instrument):
        if not instrument.card_expiration_year:
            return ""
        return f"{instrument.card_expiration_month:02d}/{instrument.card_expiration_year}"


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["customer_no", "login", "email", "last_name", "site", "is_guest", "enabled"]
    list_filter = ["site", "is_guest", "enabled"]
    search_fields = ["customer_no", "customer_id", "login", "email", "last_name", "first_name"]
    readonly_fields = [
        "customer_id",
        "customer_no",
        "creation_date",
        "last_modified",
        "last_login_time",
        "previous_login_time",
        "last_visit_time",
        "previous_visit_time",
        "failed_login_count",
        "locked_until",
    ]
    exclude = ["password"]
    actions = ["unlock", export_as_commerce_cloud_xml]
    inlines = [CustomerAddressInline, CustomerPaymentInstrumentInline]

    @admin.action(description="Unlock selected customers (reset failed logins)")
    def unlock(self, request, queryset):
        count = queryset.update(failed_login_count=0, locked_until=None)
        self.message_user(request, f"Unlocked {count} customer(s).", messages.SUCCESS)


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["order_no", "customer", "site", "status", "order_total", "currency"]
    list_display += ["creation_date"]
    list_filter = ["status", "payment_status", "shipping_status", "site"]
    search_fields = ["order_no", "customer__login", "customer__customer_no", "email"]
    date_hierarchy = "creation_date"
    raw_id_fields = ["customer"]
    list_select_related = ["customer", "site"]
    readonly_fields = ["last_modified"]


@admin.register(Basket)
class BasketAdmin(admin.ModelAdmin):
    list_display = ["basket_id", "customer", "product_total", "currency", "last_modified"]
    search_fields = ["basket_id", "customer__login", "customer__customer_no"]
    raw_id_fields = ["customer"]
    list_select_related = ["customer"]
    readonly_fields = ["basket_id", "creation_date", "last_modified"]
