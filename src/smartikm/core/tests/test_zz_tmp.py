def test_x(db):
    from smartikm.reference.models import Region, Kbli
    from smartikm.catalog.models import Category
    print(Region.objects.count(), Region.objects.filter(level=4, code__startswith="33").first(), Kbli.objects.get(code="13134"))
    print([(c.slug, c.parent_id) for c in Category.objects.all()[:30]])
