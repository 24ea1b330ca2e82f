from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (``manage.py load_demo_data``): sites, API clients, a catalogue,
    customers with their orders and product lists, and an agent. The top of the project:
    it may import every app, and no app imports it."""

    name = "shopsite.demo"
    label = "demo"
    verbose_name = "Demo data"

    def ready(self):
        from shopsite.demo import checks  # noqa: F401 - registers the deploy check
