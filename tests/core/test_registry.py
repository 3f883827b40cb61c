"""The apps fill core's registries from their AppConfig.ready(); core's demo command only iterates."""

from kanoon.core import home
from kanoon.core.management.commands.demo import Command
from kanoon.core.registry import Registry, demo_loaders, home_cards


def test_it_orders_entries_and_a_second_registration_replaces_the_first():
    registry = Registry("thing")
    registry.register("b", len, order=2)
    registry.register("a", str, order=1)
    registry.register("b", repr, order=0)
    assert [(e.name, e.func) for e in registry] == [("b", repr), ("a", str)]


def test_the_apps_register_their_home_cards_and_demo_data():
    domain = ["centers", "assemblies", "monitoring"]
    assert [name for name in home_cards.names() if name in domain] == domain
    assert [name for name in demo_loaders.names() if name in domain] == domain
    assert Command().extra_loaders() == [e.func for e in demo_loaders]


def test_attention_collects_the_registered_sections_warnings_first(insider):
    home_cards.register(
        "zz-test", lambda user, root: [home.Item("x", 1, "/"), home.Item("y", 2, "/", "warning")]
    )
    try:
        labels = [item.label for item in home.attention(insider, None)]
    finally:
        home_cards.unregister("zz-test")
    assert labels.index("y") < labels.index("x")
    assert "y" not in [item.label for item in home.attention(insider, None)]
