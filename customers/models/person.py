"""The name fields a customer and an address share."""

from django.db import models


class PersonName(models.Model):
    """Salutation, title, names, suffix, company and job title, as OCAPI documents them on
    both ``customer`` and ``customer_address``."""

    salutation = models.CharField(max_length=256, blank=True)
    title = models.CharField(max_length=256, blank=True)
    first_name = models.CharField(max_length=256, blank=True)
    second_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    suffix = models.CharField(max_length=256, blank=True)
    company_name = models.CharField(max_length=256, blank=True)
    job_title = models.CharField(max_length=256, blank=True)

    class Meta:
        abstract = True

    @property
    def full_name(self) -> str:
        """First, second and last name and suffix, as Commerce Cloud's ``fullName``."""
        parts = (self.first_name, self.second_name, self.last_name, self.suffix)
        return " ".join(part for part in parts if part)
