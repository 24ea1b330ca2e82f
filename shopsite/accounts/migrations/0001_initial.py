"""The agent audit log, taken over from the agents app (``agents.0003``).

State only: the table was created by ``agents.0001_initial`` and keeps its name
(``Meta.db_table``), its indexes and its rows; this migration depends on the agents
migration that created it, so on a new database the table exists before the model does.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('agents', '0003_move_audit_log_to_accounts'),
        ('customers', '0007_order_documents'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='AgentAuditEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('agent_login', models.CharField(max_length=150)),
                        ('customer_ref', models.CharField(blank=True, max_length=256, verbose_name='customer id')),
                        ('site_id', models.CharField(blank=True, max_length=64)),
                        ('client_id', models.CharField(blank=True, max_length=64)),
                        ('action', models.CharField(choices=[('obo_token', 'On-behalf-of token issued'), ('api_write', 'API write'), ('admin', 'Back-office action')], max_length=16)),
                        ('via', models.CharField(choices=[('agent_token', 'Agent token'), ('obo_token', 'On-behalf-of token'), ('admin', 'Admin')], max_length=16)),
                        ('description', models.CharField(blank=True, max_length=256)),
                        ('method', models.CharField(blank=True, max_length=8)),
                        ('path', models.CharField(blank=True, max_length=512)),
                        ('status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('agent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='agent_audit_entries', to=settings.AUTH_USER_MODEL)),
                        ('customer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='agent_audit_entries', to='customers.customer')),
                    ],
                    options={
                        'verbose_name': 'agent audit entry',
                        'verbose_name_plural': 'agent audit log',
                        'db_table': 'agents_agentauditentry',
                        'ordering': ['-created', '-pk'],
                        'indexes': [models.Index(fields=['agent', 'created'], name='agents_agen_agent_i_18381f_idx'), models.Index(fields=['customer', 'created'], name='agents_agen_custome_f29f93_idx')],
                    },
                ),
            ],
        ),
    ]
