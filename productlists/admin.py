"""Back office: the catalogue (searchable) and customers' product lists with their items
and purchases, and the product lists on the customer page.

The customer page is ``customers.admin.CustomerAdmin``; this app adds its panel to it here
rather than customers importing product lists, so the dependency keeps pointing one way
(product lists belong to customers, not the other way round)."""

from django.contrib import admin
from django.db.models import Prefetch

from customers.admin import CustomerAdmin
from customers.workspace import ROWS, Panel
from productlists.models import (
    CustomerProductList,
    CustomerProductListItem,
    CustomerProductListItemPurchase,
    Product,
)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["product_id", "name", "price", "currency", "stock_level", "online", "orderable"]
    list_filter = ["online", "orderable", "currency"]
    search_fields = ["product_id", "name", "master_id"]
    readonly_fields = ["creation_date", "last_modified"]


class CustomerProductListItemInline(admin.TabularInline):
    model = CustomerProductListItem
    extra = 0
    fields = ["item_id", "type", "product", "quantity", "priority", "public", "custom"]
    readonly_fields = ["item_id"]
    autocomplete_fields = ["product"]


@admin.register(CustomerProductList)
class CustomerProductListAdmin(admin.ModelAdmin):
    list_display = ["list_id", "name", "type", "customer", "public", "last_modified"]
    list_filter = ["type", "public"]
    search_fields = [
        "list_id",
        "name",
        "customer__login",
        "customer__email",
        "customer__customer_no",
    ]
    list_select_related = ["customer"]
    raw_id_fields = [
        "customer",
        "shipping_address",
        "current_shipping_address",
        "post_event_shipping_address",
    ]
    readonly_fields = ["list_id", "creation_date", "last_modified"]
    fieldsets = [
        (
            None,
            {"fields": ["list_id", "customer", "type", "name", "description", "public", "custom"]},
        ),
        (
            "Event",
            {"fields": ["event_type", "event_date", "event_city", "event_state", "event_country"]},
        ),
        (
            "Registrants",
            {
                "fields": [
                    ("registrant_first_name", "registrant_last_name"),
                    ("registrant_email", "registrant_role"),
                    ("co_registrant_first_name", "co_registrant_last_name"),
                    ("co_registrant_email", "co_registrant_role"),
                ]
            },
        ),
        (
            "Shipping",
            {
                "fields": [
                    "shipping_address",
                    "current_shipping_address",
                    "post_event_shipping_address",
                ]
            },
        ),
        ("Dates", {"fields": ["creation_date", "last_modified"]}),
    ]
    inlines = [CustomerProductListItemInline]


class PurchaseInline(admin.TabularInline):
    model = CustomerProductListItemPurchase
    extra = 0
    fields = ["purchase_id", "purchaser_name", "quantity", "order_no", "custom"]
    readonly_fields = ["purchase_id"]


@admin.register(CustomerProductListItem)
class CustomerProductListItemAdmin(admin.ModelAdmin):
    """Items with their purchases (what ``purchased_quantity`` sums)."""

    list_display = ["item_id", "product_list", "type", "product", "quantity"]
    list_filter = ["type"]
    search_fields = ["item_id", "product__product_id", "product__name", "product_list__list_id"]
    list_select_related = ["product_list", "product"]
    raw_id_fields = ["product_list"]
    autocomplete_fields = ["product"]
    readonly_fields = ["item_id", "creation_date", "last_modified"]
    inlines = [PurchaseInline]


class ProductListsPanel(Panel):
    """The customer's wish lists and registries on the customer page, with their items and
    each item's purchases: three queries, whatever the number of lists and items."""

    title = "Product lists"
    template = "admin/productlists/customer_panel.html"
    permission = "productlists.view_customerproductlist"

    def data(self, request, customer):
        items = CustomerProductListItem.objects.select_related("product").prefetch_related(
            "purchases"
        )
        lists = customer.product_lists.order_by("-last_modified").prefetch_related(
            Prefetch("items", queryset=items)
        )
        return {"lists": list(lists[:ROWS])}


CustomerAdmin.panels = [*CustomerAdmin.panels, ProductListsPanel()]
