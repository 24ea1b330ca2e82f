"""Serializer fields built once per serializer class instead of once per request.

DRF builds a ``ModelSerializer``'s fields for every serializer instance: model
introspection, one ``build_field`` and one field constructor per property. Every request
creates new serializer instances, so a read of a customer with its addresses and payment
instruments paid that three times, about a fifth of its CPU time, for results that depend
only on the class.

``PrototypeFieldsMixin`` builds them once per class (``get_fields()``, overrides included)
and gives each instance copies, which DRF then binds as usual:

* plain fields are copied shallowly: binding sets ``field_name``, ``parent``, ``source``
  and ``source_attrs`` on the copy, and nothing else of a field changes while it serves a
  request (validators and error messages are only read);
* fields holding other fields (nested serializers, list serializers, ``ListField``,
  ``DictField``, many-related fields) are deep-copied, which for DRF fields means rebuilt
  from their constructor arguments, exactly what DRF does with declared fields; their
  children must be bound to the copy, not to a prototype. Rebuilding forgets what a
  ``get_fields()`` override changed after construction, so the flags such overrides set
  (``read_only``, ``write_only``, ``required``, ``allow_null``) are carried over.

A class whose ``get_fields()`` depends on the instance (its context, the request) sets
``cache_fields = False``. Prototypes are dropped whenever settings change (tests).
"""

import copy

from django.core.signals import setting_changed
from django.utils.functional import cached_property
from rest_framework.serializers import BaseSerializer
from rest_framework.utils.serializer_helpers import BindingDict

_prototypes: dict[type, dict] = {}


def _holds_fields(field) -> bool:
    return isinstance(field, BaseSerializer) or any(
        hasattr(field, name) for name in ("child", "child_relation")
    )


#: Field flags a ``get_fields()`` override may set after construction (see above).
CARRIED_FLAGS = ("read_only", "write_only", "required", "allow_null")


def copy_field(field):
    if not _holds_fields(field):
        # What copy.copy does for a DRF field (no __copy__, state in __dict__), without
        # the generic __reduce_ex__ round trip: this runs for every field of every
        # serializer instance.
        clone = object.__new__(type(field))
        clone.__dict__.update(field.__dict__)
        return clone
    rebuilt = copy.deepcopy(field)
    for flag in CARRIED_FLAGS:
        setattr(rebuilt, flag, getattr(field, flag))
    return rebuilt


def clear_prototypes(**kwargs) -> None:
    _prototypes.clear()


setting_changed.connect(clear_prototypes, dispatch_uid="shopsite.api.field_cache")


class PrototypeFieldsMixin:
    #: False for a serializer whose fields depend on the instance (context, request).
    cache_fields = True

    @cached_property
    def fields(self):
        if not self.cache_fields:
            return super().fields
        prototypes = _prototypes.get(type(self))
        if prototypes is None:
            prototypes = _prototypes[type(self)] = self.get_fields()
        fields = BindingDict(self)
        for name, field in prototypes.items():
            fields[name] = copy_field(field)
        return fields
