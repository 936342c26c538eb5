"""factory_boy factories shared by the suite."""

import factory

from registration.models import Level, Librarian, Rank


class LibrarianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Librarian
        django_get_or_create = ["nip"]

    nip = "198609262015052001"
    name = "Rina Wulandari, S.I.Pust."
    institution = "Perpustakaan Nasional RI"
    work_unit = "Pusat Pembinaan Pustakawan"
    level = factory.LazyFunction(lambda: Level.objects.get(code="ahli-pertama"))
    rank = factory.LazyFunction(lambda: Rank.objects.get(code="III/b"))
