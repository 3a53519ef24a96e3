"""Certificates keep their amount in words as printed; existing ones get the words they showed."""

from django.db import migrations, models


def fill_words(apps, schema_editor):
    from clipcontest.common.money import ZERO_TENS_WORDS, amount_in_words

    certificate_model = apps.get_model("awards", "Certificate")
    letterhead_model = apps.get_model("contests", "Letterhead")
    zero_tens = dict(letterhead_model.objects.values_list("contest_id", "zero_tens"))
    for certificate in certificate_model.objects.filter(amount__gt=0, amount_in_words=""):
        certificate.amount_in_words = amount_in_words(
            certificate.amount,
            zero_tens=zero_tens.get(certificate.contest_id) or ZERO_TENS_WORDS[0],
        )
        certificate.save(update_fields=["amount_in_words"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
        ("contests", "0004_letterhead"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="amount_in_words",
            field=models.CharField(blank=True, max_length=300, verbose_name="amount in words"),
        ),
        migrations.RunPython(fill_words, migrations.RunPython.noop),
    ]
