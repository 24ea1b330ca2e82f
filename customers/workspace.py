"""The customer page as an agent's 360° view: one panel per part of the customer (login
state, contact and addresses, payment instruments, orders, baskets, notes, timeline,
audit trail), each shown only with the Django permission that reads it.

A panel is a title, a template (``templates/admin/customers/customer/panels/``) and the
data it shows, read with a fixed number of queries whatever the customer holds. Apps
above customers add their own (``productlists.admin`` adds the product lists) by
appending to ``CustomerAdmin.panels``: customers never import them.
"""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from customers.models import Customer
from shopsite.accounts.audit import VIEW_ALL as VIEW_ALL_AUDIT
from shopsite.accounts.audit import VIEW_OWN as VIEW_AUDIT
from shopsite.accounts.audit import visible_entries as visible_audit_entries

#: Rows a panel shows; a link leads to the rest.
ROWS = 10


class Panel:
    """One part of the 360° view. ``data`` is called only if the user has ``permission``."""

    title = ""
    template = ""
    permission = ""

    def visible(self, request) -> bool:
        return request.user.has_perm(self.permission)

    def data(self, request, customer) -> dict:
        raise NotImplementedError


@dataclass
class ShownPanel:
    title: str
    template: str
    data: dict


def panels_for(request, customer, panels) -> list[ShownPanel]:
    return [
        ShownPanel(panel.title, panel.template, panel.data(request, customer))
        for panel in panels
        if panel.visible(request)
    ]


class LoginStatePanel(Panel):
    title = "Login state"
    template = "admin/customers/customer/panels/login_state.html"
    permission = "customers.view_customer"

    def data(self, request, customer):
        return {
            "locked": customer.is_locked(),
            "locked_until": customer.locked_until,
            "failed_logins": customer.failed_login_count,
            "enabled": customer.enabled,
            "registered": not customer.is_guest,
            "last_login": customer.last_login_time,
            "password_changed": customer.password_changed_time,
        }


class ContactPanel(Panel):
    title = "Contact and addresses"
    template = "admin/customers/customer/panels/contact.html"
    permission = "customers.view_customer"

    def data(self, request, customer):
        phones = [
            (kind, number)
            for kind, number in (
                ("home", customer.phone_home),
                ("business", customer.phone_business),
                ("mobile", customer.phone_mobile),
            )
            if number
        ]
        addresses = []
        if request.user.has_perm("customers.view_customeraddress"):
            addresses = list(customer.addresses.in_book_order()[:ROWS])
        return {"email": customer.email, "phones": phones, "addresses": addresses}


class PaymentInstrumentsPanel(Panel):
    title = "Payment instruments"
    template = "admin/customers/customer/panels/payment_instruments.html"
    permission = "customers.view_customerpaymentinstrument"

    def data(self, request, customer):
        return {"instruments": list(customer.payment_instruments.all()[:ROWS])}


class OrdersPanel(Panel):
    title = "Orders"
    template = "admin/customers/customer/panels/orders.html"
    permission = "customers.view_order"

    def data(self, request, customer):
        orders = customer.orders.order_by("-creation_date", "-pk")
        return {
            "orders": list(orders[:ROWS]),
            "all_url": reverse("admin:customers_order_changelist")
            + f"?customer__id__exact={customer.pk}",
        }


class BasketsPanel(Panel):
    title = "Baskets"
    template = "admin/customers/customer/panels/baskets.html"
    permission = "customers.view_basket"

    def data(self, request, customer):
        return {"baskets": list(customer.baskets.all()[:ROWS])}


class NotesPanel(Panel):
    title = "Notes"
    template = "admin/customers/customer/panels/notes.html"
    permission = "customers.view_customernote"

    def data(self, request, customer):
        return {
            "notes": list(customer.notes.all()[: ROWS * 2]),
            "can_add": request.user.has_perm("customers.add_customernote"),
            "add_url": reverse("admin:customers_customer_add_note", args=[customer.pk]),
        }


class AuditTrailPanel(Panel):
    title = "Audit trail"
    template = "admin/customers/customer/panels/audit.html"
    permission = VIEW_AUDIT

    def data(self, request, customer):
        entries = visible_audit_entries(request.user).filter(customer=customer)
        return {
            "entries": list(entries[:ROWS]),
            "all_url": reverse("admin:accounts_agentauditentry_changelist")
            + f"?customer__id__exact={customer.pk}",
            "everyone": request.user.has_perm(VIEW_ALL_AUDIT),
        }


@dataclass
class Event:
    when: datetime
    what: str
    detail: str = ""
    url: str = ""


class TimelinePanel(Panel):
    """What happened to the customer, newest first, from what is stored: registration,
    the last two logins, the last password change, orders, notes and the agents' actions
    the user may read. (Only the last two logins are kept, as Commerce Cloud does.)"""

    title = "Timeline"
    template = "admin/customers/customer/panels/timeline.html"
    permission = "customers.view_customer"

    def data(self, request, customer: Customer):
        user = request.user
        events = [
            Event(customer.creation_date, "Registered" if not customer.is_guest else "Guest visit")
        ]
        for when, what in (
            (customer.last_login_time, "Logged in"),
            (customer.previous_login_time, "Logged in"),
            (customer.password_changed_time, "Password set"),
        ):
            if when:
                events.append(Event(when, what))
        if user.has_perm("customers.view_order"):
            for order in customer.orders.order_by("-creation_date")[:ROWS]:
                events.append(
                    Event(
                        order.creation_date,
                        "Order placed",
                        f"{order.order_no}, {order.order_total} {order.currency}",
                        reverse("admin:customers_order_change", args=[order.pk]),
                    )
                )
        if user.has_perm("customers.view_customernote"):
            for note in customer.notes.all()[:ROWS]:
                events.append(Event(note.created, f"Note by {note.author_name}", note.text[:80]))
        entries = visible_audit_entries(user).filter(customer=customer)[:ROWS]
        for entry in entries:
            events.append(
                Event(
                    entry.created,
                    f"{entry.get_action_display()} by {entry.agent_login}",
                    entry.description
                    if entry.action != entry.Action.API_WRITE
                    else f"{entry.method} {entry.path} → {entry.status_code} {entry.description}",
                )
            )
        events.sort(key=lambda event: event.when, reverse=True)
        return {"events": events[: ROWS * 3]}


#: The panels of the customer page, in order (``CustomerAdmin.panels``).
PANELS = [
    LoginStatePanel(),
    ContactPanel(),
    NotesPanel(),
    OrdersPanel(),
    BasketsPanel(),
    PaymentInstrumentsPanel(),
    TimelinePanel(),
    AuditTrailPanel(),
]
