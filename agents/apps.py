from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AgentsConfig(AppConfig):
    """Staff as OCAPI agents: the OAuth token endpoint, agent and on-behalf-of access, the
    audit log of what agents do."""

    name = "agents"
    verbose_name = "Agents"


class StaffAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with ``agents.admin_site.StaffAdminSite`` as ``admin.site``:
    the admin's login throttled, locked out with the OAuth grant, behind a second factor."""

    default = False  # ``agents`` alone names AgentsConfig
    default_site = "agents.admin_site.StaffAdminSite"
