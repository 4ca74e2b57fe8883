"""Indexes for the officer's lists: the inbox by status and deadline or date sent."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_condition_assessments"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["status", "decision_due"], name="application_status_due"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["status", "submitted_at"], name="application_status_sent"),
        ),
        migrations.AddIndex(
            model_name="approval",
            index=models.Index(fields=["status", "valid_from"], name="approval_status_from"),
        ),
    ]
