from smartikm.registry.tests.conftest import make_ikm  # noqa: F401  (IKM created through the registry actions)
