"""Indexes for the case worker's lists: by name, newest, waiting to choose, assignments by start."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recipients", "0004_access_log_owned_by_audit_role"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["starts_on", "id"], name="assignment_starts"),
        ),
        migrations.AddIndex(
            model_name="recipient",
            index=models.Index(fields=["full_name", "id"], name="recipient_name"),
        ),
        migrations.AddIndex(
            model_name="recipient",
            index=models.Index(fields=["created_at", "id"], name="recipient_created"),
        ),
        migrations.AddIndex(
            model_name="servicedecision",
            index=models.Index(
                fields=["status", "choice_deadline"], name="decision_status_deadline"
            ),
        ),
    ]
