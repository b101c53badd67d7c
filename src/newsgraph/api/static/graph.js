// The neighbourhood graph of an entity, drawn as SVG with a small force
// layout (no library): nodes are entities, edges events (coloured by PLOVER
// type, actor -> other participant) or co-mentions (grey, dashed). Clicking
// an edge's label opens the event's evidence; clicking a node its entity.
// Everything from the data is set through textContent/attributes, never HTML.
"use strict";

(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const WIDTH = 1000, HEIGHT = 560;
  const TYPE_COLOURS = {
    AGREE: "#2e7d32", CONSULT: "#1565c0", SUPPORT: "#00897b", CONCEDE: "#7cb342", COOPERATE: "#3949ab",
    AID: "#00acc1", RETREAT: "#8d6e63", REQUEST: "#6d4c41", ACCUSE: "#e65100", REJECT: "#ef6c00",
    THREATEN: "#d84315", PROTEST: "#f9a825", SANCTION: "#c62828", MOBILIZE: "#8e24aa", COERCE: "#ad1457",
    ASSAULT: "#b71c1c", CO_MENTION: "#9aa3ae",
  };
  const NODE_COLOURS = {
    PERSON: "#e57373", ORG: "#64b5f6", GPE: "#81c784", LOC: "#aed581", NORP: "#ffb74d",
    FAC: "#a1887f", WEAPON: "#9575cd", PRODUCT: "#4db6ac",
  };

  function el(name, attributes, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, String(value));
    if (parent) parent.appendChild(node);
    return node;
  }

  // Deterministic layout: nodes start on a circle, then repulsion between
  // all nodes, springs along edges and a pull to the centre, cooled down.
  function layout(nodes, edges) {
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    nodes.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / Math.max(nodes.length, 1);
      const radius = n.focus ? 0 : 220;
      n.x = WIDTH / 2 + radius * Math.cos(angle);
      n.y = HEIGHT / 2 + radius * Math.sin(angle) * 0.8;
    });
    const links = edges.map((e) => [index.get(e.source), index.get(e.target)]);
    for (let step = 0, heat = 30; step < 300; step++, heat *= 0.985) {
      const force = nodes.map(() => [0, 0]);
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          let dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y;
          const d2 = Math.max(dx * dx + dy * dy, 25);
          const push = 16000 / d2;
          const d = Math.sqrt(d2);
          dx /= d; dy /= d;
          force[i][0] += dx * push; force[i][1] += dy * push;
          force[j][0] -= dx * push; force[j][1] -= dy * push;
        }
      }
      for (const [a, b] of links) {
        const dx = nodes[b].x - nodes[a].x, dy = nodes[b].y - nodes[a].y;
        const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
        const pull = (d - 190) * 0.04;
        force[a][0] += (dx / d) * pull; force[a][1] += (dy / d) * pull;
        force[b][0] -= (dx / d) * pull; force[b][1] -= (dy / d) * pull;
      }
      nodes.forEach((n, i) => {
        force[i][0] += (WIDTH / 2 - n.x) * 0.004;
        force[i][1] += (HEIGHT / 2 - n.y) * 0.006;
        const size = Math.hypot(force[i][0], force[i][1]);
        const move = Math.min(size, heat) / Math.max(size, 1e-9);
        if (!n.focus || step > 0) {
          n.x = Math.min(WIDTH - 40, Math.max(40, n.x + force[i][0] * move));
          n.y = Math.min(HEIGHT - 20, Math.max(20, n.y + force[i][1] * move));
        }
      });
    }
  }

  // Parallel edges between the same two nodes bend apart.
  function curve(edge, a, b) {
    const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
    const dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.hypot(dx, dy), 1);
    const bend = edge.lane * 26;
    const cx = mx - (dy / d) * bend, cy = my + (dx / d) * bend;
    // The curve's midpoint (t = 0.5) is where its label sits.
    return { path: `M${a.x},${a.y} Q${cx},${cy} ${b.x},${b.y}`, x: (a.x + 2 * cx + b.x) / 4, y: (a.y + 2 * cy + b.y) / 4 };
  }

  function assignLanes(edges) {
    const seen = new Map();
    for (const edge of edges) {
      const key = [Math.min(edge.source, edge.target), Math.max(edge.source, edge.target)].join("-");
      const count = seen.get(key) || 0;
      seen.set(key, count + 1);
      edge.lane = count === 0 ? 0 : (count % 2 ? 1 : -1) * Math.ceil(count / 2);
    }
  }

  function draw(container, graph) {
    container.textContent = "";
    if (!graph.nodes.length) {
      container.textContent = "No neighbours.";
      return null;
    }
    const svg = el("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": "entity neighbourhood graph" }, container);
    const defs = el("defs", {}, svg);
    for (const [type, colour] of Object.entries(TYPE_COLOURS)) {
      const marker = el("marker", { id: `arrow-${type}`, viewBox: "0 0 10 10", refX: 18, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto" }, defs);
      el("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }, marker);
    }
    const edgeLayer = el("g", { class: "edges" }, svg);
    const nodeLayer = el("g", { class: "nodes" }, svg);
    const handleLayer = el("g", { class: "handles" }, svg);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    assignLanes(graph.edges);
    for (const edge of graph.edges) {
      const a = byId.get(edge.source), b = byId.get(edge.target);
      if (!a || !b) continue;
      const shape = curve(edge, a, b);
      const colour = TYPE_COLOURS[edge.type] || "#555";
      const isEvent = edge.kind === "event";
      edge.elements = [];
      const line = el("path", {
        d: shape.path, class: `edge ${isEvent ? "event" : "co-mention"}`, stroke: colour,
        "data-edge-type": edge.type, ...(isEvent ? { "marker-end": `url(#arrow-${edge.type})` } : {}),
      }, edgeLayer);
      edge.elements.push(line);
      const tip = el("title", {}, line);
      tip.textContent = isEvent ? `${edge.type} (${edge.modality}), reported ${edge.reported}` : `named together in ${edge.weight} sentence(s)`;
      if (isEvent) {
        const handle = el("g", { class: "edge-handle", "data-event-id": edge.event_id, "data-edge-type": edge.type, tabindex: 0, role: "link" }, handleLayer);
        const label = edge.type;
        el("rect", { x: shape.x - label.length * 3.2 - 4, y: shape.y - 7, width: label.length * 6.4 + 8, height: 14, rx: 3, stroke: colour }, handle);
        const text = el("text", { x: shape.x, y: shape.y + 3, "text-anchor": "middle", fill: colour }, handle);
        text.textContent = label;
        const handleTip = el("title", {}, handle);
        handleTip.textContent = `${edge.type}: open the evidence of event #${edge.event_id}`;
        const open = () => { window.location.href = `/events/${edge.event_id}`; };
        handle.addEventListener("click", open);
        handle.addEventListener("keydown", (event) => { if (event.key === "Enter") open(); });
        edge.elements.push(handle);
      }
    }
    for (const node of graph.nodes) {
      const group = el("g", { class: `node${node.focus ? " focus" : ""}`, "data-entity-id": node.id, transform: `translate(${node.x},${node.y})` }, nodeLayer);
      el("circle", { r: node.focus ? 13 : 9, fill: NODE_COLOURS[node.type] || "#bbb" }, group);
      const label = el("text", { x: 14, y: 4 }, group);
      label.textContent = node.name;
      const tip = el("title", {}, group);
      tip.textContent = `${node.name} (${node.type}${node.country ? ", " + node.country : ""})`;
      group.addEventListener("click", () => { window.location.href = `/entities/${node.id}`; });
      node.element = group;
    }
    return svg;
  }

  function applyFilters(form, graph) {
    const types = new Set([...form.querySelectorAll("input[name=type]:checked")].map((i) => i.value));
    const from = form.elements.from.value, to = form.elements.to.value;
    const visibleNodes = new Set();
    for (const edge of graph.edges) {
      let visible = types.has(edge.type);
      if (visible && edge.kind === "event") {
        if (from && edge.reported < from) visible = false;
        if (to && edge.reported > to) visible = false;
      }
      for (const element of edge.elements || []) element.style.display = visible ? "" : "none";
      if (visible) { visibleNodes.add(edge.source); visibleNodes.add(edge.target); }
    }
    for (const node of graph.nodes) {
      if (node.element) node.element.style.display = node.focus || visibleNodes.has(node.id) ? "" : "none";
    }
  }

  async function main() {
    const container = document.getElementById("graph");
    const form = document.getElementById("graph-filters");
    if (!container) return;
    const response = await fetch(container.dataset.src, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      container.textContent = `Could not load the graph (HTTP ${response.status}).`;
      return;
    }
    const graph = await response.json();
    layout(graph.nodes, graph.edges);
    draw(container, graph);
    const present = new Set(graph.edges.map((e) => e.type));
    for (const label of form.querySelectorAll("label.edge-type")) {
      label.hidden = !present.has(label.querySelector("input").value);
    }
    form.addEventListener("change", () => applyFilters(form, graph));
    container.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", main);
})();
