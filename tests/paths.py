"""API paths of the documents below a customer, for tests."""


def lists_path(customer, *segments: str) -> str:
    """``customers/{id}/product_lists[/segment...]``."""
    return "/".join([f"customers/{customer.customer_id}/product_lists", *segments])


def items_path(customer, product_list, *segments: str) -> str:
    """``customers/{id}/product_lists/{list_id}/items[/segment...]``."""
    return lists_path(customer, product_list.list_id, "items", *segments)


def purchases_path(customer, item, *segments: str) -> str:
    """``.../product_lists/{list_id}/items/{item_id}/purchases[/segment...]``."""
    return items_path(customer, item.product_list, item.item_id, "purchases", *segments)
