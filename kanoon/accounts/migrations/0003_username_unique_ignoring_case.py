import django.db.models.functions.text
from django.db import migrations, models


def refuse_duplicates(apps, schema_editor):
    """Stop with a clear list when two usernames differ only in case: an admin must rename one."""
    from django.db.models import Count
    from django.db.models.functions import Lower

    User = apps.get_model("accounts", "User")
    clashes = (
        User.objects.annotate(key=Lower("username"))
        .values("key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("key", flat=True)
    )
    if clashes:
        names = ", ".join(
            User.objects.annotate(key=Lower("username"))
            .filter(key__in=list(clashes))
            .order_by("key", "pk")
            .values_list("username", flat=True)
        )
        raise RuntimeError(
            "Usernames that differ only in letter case must be renamed before this migration "
            f"(نام‌های کاربری تکراری): {names}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("username"),
                name="accounts_user_username_ci_unique",
                violation_error_message="این نام کاربری (با هر بزرگی و کوچکی حروف) پیش\u200cتر گرفته شده است.",
            ),
        ),
    ]
