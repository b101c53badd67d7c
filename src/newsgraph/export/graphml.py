"""GraphML (networkx) for Gephi and other graph tools: entities as nodes
(label, type, country), events as directed edges from actor to the other
participants (PLOVER type, modality, dates, article), co-mentions as edges
weighted by the number of sentences naming both."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from sqlalchemy import Engine

from newsgraph.export.streams import binary_output
from newsgraph.query.graph import Graph, store_graph


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """A multigraph (two entities can share many events); GraphML attributes
    must be scalars, so missing values are left out rather than set to None."""
    result = nx.MultiDiGraph(name="newsgraph")
    for node in graph.nodes:
        attributes = {"label": node.name, "type": node.type}
        if node.country:
            attributes["country"] = node.country
        result.add_node(str(node.id), **attributes)
    for edge in graph.edges:
        attributes: dict[str, object] = {"kind": edge.kind, "type": edge.type, "weight": edge.weight}
        optional = {"event_id": edge.event_id, "modality": edge.modality, "event_time": edge.event_time,
                    "reported": edge.reported.isoformat() if edge.reported else None}  # fmt: skip
        attributes |= {key: value for key, value in optional.items() if value is not None}
        result.add_edge(str(edge.source), str(edge.target), key=edge.id, **attributes)
    return result


def write_graphml(engine: Engine, output: Path | None) -> int:
    graph = store_graph(engine)
    with binary_output(output) as stream:
        nx.write_graphml(to_networkx(graph), stream, encoding="utf-8")
    return len(graph.nodes) + len(graph.edges)
