"""Public product lists: what anyone with a shopper token may see of other customers'
lists (SCAPI's ``getPublicProductList``... and Commerce Cloud's ``/product_lists``).

One rule: a list is public when its owner made it public and the owner is a registered,
enabled customer of the site; of a public list only its public items are shown, and of
its registrants no email. A search names the owner by email, or by first and last name
together (a last name alone would list strangers' registries by the hundred).
"""

from django.db.models import Prefetch

from customers.views.owned import find_owned
from productlists.models import CustomerProductList, CustomerProductListItem
from shopsite.api import faults

SEARCH_LIMIT = 50


def public_items():
    return CustomerProductListItem.objects.for_documents().filter(public=True)


def public_lists(site):
    return (
        CustomerProductList.objects.filter(
            public=True,
            customer__site=site,
            customer__enabled=True,
            customer__is_guest=False,
        )
        .prefetch_related(Prefetch("items", queryset=public_items()))
        .order_by("creation_date", "pk")
    )


def search(site, *, email: str = "", first_name: str = "", last_name: str = ""):
    """The public lists of the customers ``email`` (or both names) identifies."""
    lists = public_lists(site)
    if email:
        return lists.filter(customer__email__iexact=email)
    if first_name and last_name:
        return lists.filter(
            customer__first_name__iexact=first_name, customer__last_name__iexact=last_name
        )
    raise faults.BadRequest(reason="search by email, or by first and last name together")


def public_list(site, list_id: str) -> CustomerProductList:
    found = find_owned(public_lists(site), "list_id", list_id)
    if found is None:
        raise faults.ProductListNotFound(productListId=list_id)
    return found


def public_item(product_list: CustomerProductList, item_id: str) -> CustomerProductListItem:
    for item in product_list.items.all():
        if item.item_id == item_id:
            return item
    raise faults.ProductListItemNotFound(itemId=item_id)
