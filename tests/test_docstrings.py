"""The Examples in the public docstrings run on the embedded data."""

import doctest
import importlib

import pytest

MODULES = [
    "accord",
    "accord.citation",
    "accord.countries",
    "accord.votes",
    "accord.votes.rollcalls",
    "accord.votes.agreement",
    "accord.votes.region",
    "accord.assess",
    "accord.data",
    "accord.economy.claims",
    "accord.economy.profile",
    "accord.economy.indices",
    "accord.events",
    "accord.events.timing",
    "accord.events.cameo",
    "accord.events.aggregate",
    "accord.texts",
    "accord.texts.tokens",
    "accord.texts.corpus",
    "accord.texts.dfm",
    "accord.texts.similarity",
    "accord.texts.keyness",
    "accord.texts.dictionary",
    "accord.texts.mentions",
    "accord.texts.reuse",
    "accord.routes",
    "accord.routes.paths",
    "accord.routes.claims",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
