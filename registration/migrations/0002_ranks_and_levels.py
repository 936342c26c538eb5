"""Reference data: the civil-service ranks and the librarian levels (jenjang) with their ranks."""

from django.db import migrations

RANKS = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]

# code, name, category, lowest rank, highest rank
LEVELS = [
    ("terampil", "Pustakawan Terampil", "terampil", "II/b", "II/d"),
    ("mahir", "Pustakawan Mahir", "terampil", "III/a", "III/b"),
    ("penyelia", "Pustakawan Penyelia", "terampil", "III/c", "III/d"),
    ("ahli-pertama", "Pustakawan Ahli Pertama", "ahli", "III/a", "III/b"),
    ("ahli-muda", "Pustakawan Ahli Muda", "ahli", "III/c", "III/d"),
    ("ahli-madya", "Pustakawan Ahli Madya", "ahli", "IV/a", "IV/c"),
    ("ahli-utama", "Pustakawan Ahli Utama", "ahli", "IV/d", "IV/e"),
]


def create(apps, schema_editor):
    Rank = apps.get_model("registration", "Rank")
    Level = apps.get_model("registration", "Level")
    ranks = {}
    for order, (code, name) in enumerate(RANKS, start=1):
        ranks[code], _ = Rank.objects.update_or_create(
            code=code, defaults={"name": name, "order": order}
        )
    for order, (code, name, category, lowest, highest) in enumerate(LEVELS, start=1):
        Level.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "order": order,
                "lowest_rank": ranks[lowest],
                "highest_rank": ranks[highest],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("registration", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
