"""Admin form fields for the customer page."""

import json
import re

from django import forms
from django.core.exceptions import ValidationError

from customers.models import Customer
from customers.models.notes import MAX_NOTE_LENGTH

CUSTOM_NAME = re.compile(r"^c_[A-Za-z][A-Za-z0-9_]{0,255}$")
MAX_CUSTOM_LENGTH = 65536


class CustomAttributesField(forms.CharField):
    """Custom attributes as the API shows them, a JSON object of ``c_`` names
    (``{"c_origin": "webshop"}``); stored without the prefix, as the serializers expect."""

    widget = forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField", "spellcheck": "false"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_CUSTOM_LENGTH)
        kwargs.setdefault(
            "help_text",
            'A JSON object of c_ custom attributes, e.g. {"c_origin": "webshop"}.',
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, dict):
            return json.dumps({f"c_{name}": item for name, item in value.items()}, indent=2)
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return {}
        if "\x00" in text:
            raise ValidationError("Custom attributes cannot contain NUL characters.")
        try:
            parsed = json.loads(text)
        except (ValueError, RecursionError):
            raise ValidationError("Enter a valid JSON object.") from None
        if not isinstance(parsed, dict):
            raise ValidationError('Enter a JSON object, e.g. {"c_origin": "webshop"}.')
        bad = [name for name in parsed if not CUSTOM_NAME.match(name)]
        if bad:
            raise ValidationError(
                "Custom attribute names start with c_ and a letter, then letters, digits "
                f"or _: {', '.join(sorted(bad))}."
            )
        return {name[2:]: item for name, item in parsed.items()}


class CustomerAdminForm(forms.ModelForm):
    custom = CustomAttributesField(label="Custom attributes")

    class Meta:
        model = Customer
        fields = ["custom"]  # the admin adds the fields of its fieldsets


class CustomerNoteForm(forms.Form):
    """A note for the customer's history (``CustomerNote``)."""

    text = forms.CharField(
        label="New note",
        max_length=MAX_NOTE_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
    )
