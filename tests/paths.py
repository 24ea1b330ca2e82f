"""API paths of the documents below a customer, for tests."""


def lists_path(customer, *segments: str) -> str:
    """``customers/{id}/product_lists[/segment...]``."""
    return "/".join([f"customers/{customer.customer_id}/product_lists", *segments])
