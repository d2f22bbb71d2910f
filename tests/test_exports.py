"""The package's lazy public API: ``__all__`` (a literal, for linters and type checkers) names
exactly the lazy exports, and each resolves to the object of its module."""
import importlib

import teiedition


def test_all_names_every_lazy_export_and_nothing_else() -> None:
    assert sorted(teiedition.__all__) == sorted(["__version__", *teiedition._EXPORTS])
    assert len(set(teiedition.__all__)) == len(teiedition.__all__)


def test_every_lazy_export_resolves_to_its_module_object() -> None:
    for name, module in teiedition._EXPORTS.items():
        assert getattr(teiedition, name) is getattr(importlib.import_module(f"teiedition.{module}"), name)
