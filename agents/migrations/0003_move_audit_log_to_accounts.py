"""The agent audit log moved to the accounts app (``shopsite.accounts``), below customers.

State only: the table ``agents_agentauditentry`` and its rows stay where they are, and
``accounts.0001_initial`` takes the model over with ``Meta.db_table`` naming that table.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("agents", "0002_customer_service_agent_group"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AgentAuditEntry")],
            database_operations=[],
        ),
    ]
