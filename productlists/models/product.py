"""The minimal catalogue product list items point at.

A list item has to name a real product (``ProductListProductNotFoundException``),
``expand=product`` embeds its name, price, images and stock, and ``GET /products/{id}``
answers it where an item's links point. This model holds exactly that much and is filled
by ``manage.py import_products``.
"""

from django.core.validators import MinValueValidator
from django.db import models

PRODUCT_ID_MAX_LENGTH = 100  # the spec's `product.id` maxLength


class ProductQuerySet(models.QuerySet):
    def online(self):
        return self.filter(online=True)


class Product(models.Model):
    """A product (SKU) of the catalogue.

    ``online`` products are the ones a storefront may add to a list; ``orderable`` and
    ``stock_level`` make up the ``availability`` expansion. ``master_id`` names the master
    product of a variant, if the catalogue has variations.
    """

    product_id = models.CharField("product id", max_length=PRODUCT_ID_MAX_LENGTH, unique=True)
    name = models.CharField(max_length=256)
    short_description = models.TextField(blank=True)
    online = models.BooleanField(default=True)
    orderable = models.BooleanField(default=True)
    price = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, e.g. USD")
    image_urls = models.JSONField(
        default=list, blank=True, help_text="Absolute image URLs, the first is the main image"
    )
    stock_level = models.PositiveIntegerField(default=0)
    master_id = models.CharField("master product id", max_length=PRODUCT_ID_MAX_LENGTH, blank=True)

    creation_date = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["product_id"]

    def __str__(self):
        return f"{self.product_id} {self.name}"

    @property
    def is_available(self) -> bool:
        """Orderable right now: online, orderable and in stock."""
        return self.online and self.orderable and self.stock_level > 0
