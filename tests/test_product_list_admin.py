"""The back office shows the catalogue (searchable) and customers' product lists."""

from io import StringIO

from django.core.management import call_command

from productlists.models import CustomerProductList


def test_the_catalogue_is_searchable(admin_client, db):
    call_command("load_demo_data", stdout=StringIO())

    page = admin_client.get("/admin/productlists/product/", {"q": "silk"})

    assert page.status_code == 200
    content = page.content.decode()
    assert "Striped Silk Tie" in content and "Silk Scarf" in content
    assert "Wool Blazer" not in content


def test_demo_lists_show_in_the_admin_with_their_items(admin_client, db):
    call_command("load_demo_data", stdout=StringIO())
    registry = CustomerProductList.objects.filter(type="gift_registry").first()

    listing = admin_client.get("/admin/productlists/customerproductlist/", {"q": "jdoe"})
    page = admin_client.get(f"/admin/productlists/customerproductlist/{registry.pk}/change/")

    assert listing.status_code == 200
    assert "Doe wedding" in listing.content.decode()
    assert page.status_code == 200
    content = page.content.decode()
    assert "Espresso Machine" in content and "Wedding" in content


def test_an_item_shows_its_purchases(admin_client, db):
    call_command("load_demo_data", stdout=StringIO())
    registry = CustomerProductList.objects.filter(type="gift_registry").first()
    item = registry.items.filter(purchases__isnull=False).first()

    page = admin_client.get(f"/admin/productlists/customerproductlistitem/{item.pk}/change/")

    assert page.status_code == 200
    assert "Ada Lovelace" in page.content.decode()


def test_the_customer_page_shows_the_product_lists_with_their_items_and_purchases(admin_client, db):
    call_command("load_demo_data", stdout=StringIO())
    registry = CustomerProductList.objects.filter(type="gift_registry").first()
    customer = registry.customer

    page = admin_client.get(f"/admin/customers/customer/{customer.pk}/change/")

    assert page.status_code == 200
    panel = next(p for p in page.context["panels"] if p.title == "Product lists")
    shown = {lst.list_id: len(lst.items.all()) for lst in panel.data["lists"]}
    assert shown[registry.list_id] == registry.items.count() > 0
    assert set(shown) == set(customer.product_lists.values_list("list_id", flat=True))
    content = page.content.decode()
    assert registry.name in content and "Espresso Machine" in content
    assert "Ada Lovelace" in content  # a purchase of a registry item
