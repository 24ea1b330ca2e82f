from django.apps import AppConfig


class AgentsConfig(AppConfig):
    """Staff as OCAPI agents: the OAuth token endpoint, agent and on-behalf-of access, the
    audit log of what agents do."""

    name = "agents"
    verbose_name = "Agents"
