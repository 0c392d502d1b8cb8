/**
 * A Flink job's operator graph, drawn as SVG, from the `stream_graph` text the service's gen-graph check answers
 * (POST /v3/{project_id}/streaming/jobs/{job_id}/gen-graph).
 *
 * Two shapes are read (adapters-client's GraphDescription writes them):
 * - `simple_graph`: {graph_type, job_name, nodes: [{id, name, description, kind (source, operator or sink),
 *   parallelism, max_parallelism, keeps_state, inputs: [{id, ship_strategy}]}]}, every operator;
 * - `job_graph`: {graph_type, job_name, vertices: [{id, name, parallelism, max_parallelism, keeps_state,
 *   operators: [node ids], inputs: [{id, ship_strategy}]}]}, the tasks the operators are chained into.
 * Fields it does not know are ignored; a node or input it cannot read is left out.
 *
 * The module has two halves: `layoutGraph` (pure: no DOM, tested under Node) places the nodes in layers by their
 * longest path from the sources, orders each layer to reduce crossings (barycenter sweeps) and routes the edges;
 * `renderGraph` turns that layout into DOM, built with createElementNS and textContent only (operator names come
 * from users' SQL), styled by presentation attributes and the classes of graph.css (the console's CSP allows no
 * inline styles).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const KNOWN_KINDS = new Set(['source', 'operator', 'sink']);

/** Colours: grey boxes and lines, one accent (Okabe-Ito blue) for keyed state. */
const COLOURS = {
    box: '#ffffff',
    endBox: '#f3f4f6',
    boxStroke: '#9ca3af',
    text: '#111827',
    muted: '#4b5563',
    edge: '#6b7280',
    accent: '#0072b2',
    labelBackground: '#ffffff',
};

/** Sizes, in SVG user units (pixels at scale 1). */
const SIZES = {
    nameFont: 12,
    metaFont: 11,
    labelFont: 10,
    badgeFont: 9.5,
    charWidth: 0.56, // an average glyph's width, in ems, of a proportional system font
    boldCharWidth: 0.6,
    nodeHeight: 52,
    minNodeWidth: 150,
    maxNodeWidth: 220,
    padding: 10, // inside a box, left and right
    margin: 16, // around the picture
    layerGapLR: 80, // between columns when laid out left to right
    layerGapTB: 64, // between rows when laid out top to bottom
    nodeGap: 22, // between two boxes of a layer
    dummySize: 10, // the room an edge takes where it crosses a layer
    dummyGap: 10,
    portSpacing: 10, // between two edges meeting one side of a box
    maxWidth: 1000, // 'auto' lays out top to bottom when left to right would be wider than this
};

const SWEEPS = 8;
/** Beyond this many vertices (nodes and edges' bends) the neighbour swaps are skipped: they cost too much. */
const TRANSPOSE_LIMIT = 150;

/** Estimated width of a text, in SVG units, at a font size. */
function textWidth(text, fontSize) {
    return Math.ceil(text.length * fontSize * SIZES.charWidth);
}

/** The text, cut to at most `maxChars` characters with an ellipsis when longer. */
export function truncate(text, maxChars) {
    const chars = Array.from(text);
    if (chars.length <= maxChars) {
        return text;
    }
    return chars.slice(0, Math.max(1, maxChars - 1)).join('') + '\u2026';
}

function finiteNumber(value) {
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function readId(value) {
    if (typeof value === 'number' && Number.isFinite(value)) {
        return String(value);
    }
    return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The graph as this module works on it: `{graphType, jobName, nodes: [{id, name, description, kind, parallelism,
 * maxParallelism, keepsState, operators, inputs: [{id, shipStrategy, known}]}], edges: [{from, to, shipStrategy}]}`.
 * Accepts the parsed JSON or its text; anything unreadable gives an empty graph (with `unreadable: true`).
 */
export function normalizeGraph(graph) {
    let source = graph;
    let unreadable = false;
    if (typeof source === 'string') {
        try {
            source = JSON.parse(source);
        } catch (e) {
            source = null;
            unreadable = true;
        }
    }
    if (source === null || typeof source !== 'object' || Array.isArray(source)) {
        unreadable = unreadable || (graph !== null && graph !== undefined);
        source = {};
    }
    const list = Array.isArray(source.nodes) ? source.nodes : Array.isArray(source.vertices) ? source.vertices : [];
    const graphType = typeof source.graph_type === 'string' ? source.graph_type
        : Array.isArray(source.vertices) && !Array.isArray(source.nodes) ? 'job_graph' : 'simple_graph';
    const jobName = typeof source.job_name === 'string' ? source.job_name : '';
    const nodes = [];
    const byId = new Map();
    list.forEach((entry, index) => {
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
            return;
        }
        const readable = readId(entry.id);
        let id = readable ?? `#${index + 1}`;
        if (byId.has(id)) {
            id = `${id}#${index + 1}`; // a second node with the same id: kept, but no input can name it
        }
        const inputs = (Array.isArray(entry.inputs) ? entry.inputs : [])
            .filter((input) => input !== null && typeof input === 'object' && readId(input.id) !== null)
            .map((input) => ({
                id: readId(input.id),
                shipStrategy: typeof input.ship_strategy === 'string' ? input.ship_strategy : '',
                known: false,
            }));
        const node = {
            id,
            name: typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name
                : `${graphType === 'job_graph' ? 'Task' : 'Operator'} ${readable ?? index + 1}`,
            description: typeof entry.description === 'string' ? entry.description : '',
            kind: typeof entry.kind === 'string' && entry.kind !== '' ? entry.kind : null,
            parallelism: finiteNumber(entry.parallelism),
            maxParallelism: finiteNumber(entry.max_parallelism),
            keepsState: entry.keeps_state === true || entry.keeps_state === 'true',
            operators: Array.isArray(entry.operators)
                ? entry.operators.map(readId).filter((operator) => operator !== null) : null,
            inputs,
        };
        nodes.push(node);
        byId.set(id, node);
    });
    const edges = [];
    const hasOutput = new Set();
    for (const node of nodes) {
        for (const input of node.inputs) {
            input.known = byId.has(input.id);
            if (input.known) {
                edges.push({ from: input.id, to: node.id, shipStrategy: input.shipStrategy });
                if (input.id !== node.id) {
                    hasOutput.add(input.id);
                }
            }
        }
    }
    for (const node of nodes) {
        if (node.kind === null) {
            const fed = node.inputs.some((input) => input.known && input.id !== node.id);
            node.kind = !fed ? 'source' : hasOutput.has(node.id) ? 'operator' : 'sink';
        }
    }
    return { graphType, jobName, nodes, edges, unreadable };
}

/**
 * Layers by longest path from the sources. A cycle (which a Flink graph should not have) is broken by reversing
 * the edges that close it: when no node is left without unplaced inputs, the unplaced node with the fewest of them
 * is placed and those edges are marked reversed. Each node and edge is visited a bounded number of times.
 *
 * @returns {{order: string[], layer: Map<string, number>, reversed: boolean[]}} the placing order, each node's
 *     layer and, by edge index, whether the edge was reversed
 */
function assignLayers(nodes, edges) {
    const incoming = new Map(nodes.map((node) => [node.id, []]));
    const outgoing = new Map(nodes.map((node) => [node.id, []]));
    edges.forEach((edge, index) => {
        if (edge.from !== edge.to) {
            outgoing.get(edge.from).push(index);
            incoming.get(edge.to).push(index);
        }
    });
    const reversed = edges.map(() => false);
    const placed = new Set();
    const remaining = new Map(nodes.map((node) => [node.id, incoming.get(node.id).length]));
    const layer = new Map();
    const order = [];
    const ready = nodes.filter((node) => remaining.get(node.id) === 0).map((node) => node.id);
    const place = (id) => {
        let rank = 0;
        for (const index of incoming.get(id)) {
            if (!reversed[index]) {
                rank = Math.max(rank, layer.get(edges[index].from) + 1);
            }
        }
        for (const index of outgoing.get(id)) {
            if (reversed[index]) {
                rank = Math.max(rank, layer.get(edges[index].to) + 1);
            }
        }
        layer.set(id, rank);
        placed.add(id);
        order.push(id);
        for (const index of outgoing.get(id)) {
            if (!reversed[index]) {
                const next = edges[index].to;
                remaining.set(next, remaining.get(next) - 1);
                if (remaining.get(next) === 0 && !placed.has(next)) {
                    ready.push(next);
                }
            }
        }
    };
    while (placed.size < nodes.length) {
        if (ready.length > 0) {
            const id = ready.shift();
            if (!placed.has(id)) {
                place(id);
            }
            continue;
        }
        // A cycle: break it at the unplaced node with the fewest unplaced inputs (the first such in the list).
        let chosen = null;
        for (const node of nodes) {
            if (!placed.has(node.id) && (chosen === null || remaining.get(node.id) < remaining.get(chosen))) {
                chosen = node.id;
            }
        }
        for (const index of incoming.get(chosen)) {
            if (!placed.has(edges[index].from)) {
                reversed[index] = true;
            }
        }
        remaining.set(chosen, 0);
        place(chosen);
    }
    return { order, layer, reversed };
}

/** Crossings between the segments joining two adjacent layers, given each vertex's position in its layer. */
function crossingsBetween(segments, position) {
    let count = 0;
    for (let i = 0; i < segments.length; i++) {
        const a = segments[i];
        for (let j = i + 1; j < segments.length; j++) {
            const b = segments[j];
            if ((position[a.upper] - position[b.upper]) * (position[a.lower] - position[b.lower]) < 0) {
                count++;
            }
        }
    }
    return count;
}

/**
 * Positions along a line for items in a fixed order: as close as possible (least squares) to where each would
 * like to be, with at least `separation[i]` between the centres of items i-1 and i (pool-adjacent-violators).
 */
function packInOrder(desired, separation) {
    const offsets = [];
    let offset = 0;
    desired.forEach((_, i) => {
        offset += i === 0 ? 0 : separation[i];
        offsets.push(offset);
    });
    const blocks = [];
    desired.forEach((want, i) => {
        blocks.push({ sum: want - offsets[i], count: 1 });
        while (blocks.length > 1) {
            const last = blocks[blocks.length - 1];
            const before = blocks[blocks.length - 2];
            if (before.sum / before.count <= last.sum / last.count) {
                break;
            }
            before.sum += last.sum;
            before.count += last.count;
            blocks.pop();
        }
    });
    const positions = [];
    for (const block of blocks) {
        for (let k = 0; k < block.count; k++) {
            positions.push(block.sum / block.count + offsets[positions.length]);
        }
    }
    return positions;
}

function formatNumber(value) {
    return String(Math.round(value * 10) / 10);
}

/** A cubic curve from (x1, y1) to (x2, y2), leaving and arriving along the layout's direction. */
function curve(from, to, horizontal) {
    if (horizontal) {
        const mid = (from.x + to.x) / 2;
        return `C ${formatNumber(mid)} ${formatNumber(from.y)} ${formatNumber(mid)} ${formatNumber(to.y)} `
            + `${formatNumber(to.x)} ${formatNumber(to.y)}`;
    }
    const mid = (from.y + to.y) / 2;
    return `C ${formatNumber(from.x)} ${formatNumber(mid)} ${formatNumber(to.x)} ${formatNumber(mid)} `
        + `${formatNumber(to.x)} ${formatNumber(to.y)}`;
}

/** The point at `t` (0 to 1) of the curve `curve` draws. */
function onCurve(from, to, t, horizontal) {
    const ease = 3 * t * t - 2 * t * t * t; // across: the control points hold the ends' cross positions
    const along = t * t * t + 1.5 * t * (1 - t); // along: both control points stand at the middle
    return horizontal
        ? { x: from.x + (to.x - from.x) * along, y: from.y + (to.y - from.y) * ease }
        : { x: from.x + (to.x - from.x) * ease, y: from.y + (to.y - from.y) * along };
}

function overlaps(a, b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The layout in one direction ('LR' or 'TB'); see layoutGraph. */
function layoutIn(model, direction) {
    const horizontal = direction === 'LR';
    const { nodes, edges } = model;
    const longestName = nodes.reduce((longest, node) => Math.max(longest, Array.from(node.name).length), 0);
    const nodeWidth = Math.min(SIZES.maxNodeWidth, Math.max(SIZES.minNodeWidth,
        textWidth('x'.repeat(longestName), SIZES.nameFont) + 2 * SIZES.padding));
    const nodeHeight = SIZES.nodeHeight;
    // Names are bold: a little wider than the average.
    const nameChars = Math.floor((nodeWidth - 2 * SIZES.padding) / (SIZES.nameFont * SIZES.boldCharWidth));
    // Along the layers (rank) and across them (cross), in the direction chosen.
    const rankExtent = horizontal ? nodeWidth : nodeHeight;
    const crossExtent = horizontal ? nodeHeight : nodeWidth;
    const layerGap = horizontal ? SIZES.layerGapLR : SIZES.layerGapTB;

    const { order, layer, reversed } = assignLayers(nodes, edges);
    const layerCount = nodes.length === 0 ? 0 : Math.max(...order.map((id) => layer.get(id))) + 1;

    // Vertices: the nodes, and a dummy wherever an edge crosses a layer, so long edges are ordered and routed too.
    const vertices = [];
    const vertexOf = new Map();
    const layers = Array.from({ length: layerCount }, () => []);
    for (const id of order) {
        const vertex = { index: vertices.length, id, real: true, layer: layer.get(id) };
        vertices.push(vertex);
        vertexOf.set(id, vertex.index);
        layers[vertex.layer].push(vertex.index);
    }
    const segments = Array.from({ length: Math.max(0, layerCount - 1) }, () => []);
    const chains = edges.map((edge, edgeIndex) => {
        if (edge.from === edge.to) {
            return null;
        }
        // Along the layers: from the lower layer to the higher, whichever way the edge points.
        const lowerId = reversed[edgeIndex] ? edge.to : edge.from;
        const upperId = reversed[edgeIndex] ? edge.from : edge.to;
        const chain = [vertexOf.get(lowerId)];
        for (let rank = layer.get(lowerId) + 1; rank < layer.get(upperId); rank++) {
            const dummy = { index: vertices.length, id: null, real: false, layer: rank, edge: edgeIndex };
            vertices.push(dummy);
            layers[rank].push(dummy.index);
            chain.push(dummy.index);
        }
        chain.push(vertexOf.get(upperId));
        for (let k = 0; k + 1 < chain.length; k++) {
            segments[vertices[chain[k]].layer].push({ upper: chain[k], lower: chain[k + 1], edge: edgeIndex });
        }
        return chain;
    });
    const above = vertices.map(() => []);
    const below = vertices.map(() => []);
    for (const between of segments) {
        for (const segment of between) {
            below[segment.upper].push(segment.lower);
            above[segment.lower].push(segment.upper);
        }
    }

    // Order within layers: barycenter sweeps down and up, keeping the order with the fewest crossings.
    const position = new Array(vertices.length).fill(0);
    const numberLayers = () => layers.forEach((members) => members.forEach((v, i) => { position[v] = i; }));
    const totalCrossings = () => segments.reduce((sum, between) => sum + crossingsBetween(between, position), 0);
    // Then neighbours swapped wherever that alone removes crossings (the barycenters cannot tell ties apart).
    const crossingsAround = (rank) => (rank > 0 ? crossingsBetween(segments[rank - 1], position) : 0)
        + (rank < layerCount - 1 ? crossingsBetween(segments[rank], position) : 0);
    const transpose = () => {
        for (let pass = 0; pass < 4 && vertices.length <= TRANSPOSE_LIMIT; pass++) {
            let improved = false;
            layers.forEach((members, rank) => {
                for (let i = 0; i + 1 < members.length; i++) {
                    const before = crossingsAround(rank);
                    const swap = () => {
                        [members[i], members[i + 1]] = [members[i + 1], members[i]];
                        position[members[i]] = i;
                        position[members[i + 1]] = i + 1;
                    };
                    swap();
                    const after = crossingsAround(rank);
                    if (after < before) {
                        improved = true;
                    } else if (after > before) {
                        swap();
                    } // (a swap that changes nothing is kept: it can open the way to one that does)
                }
            });
            if (!improved) {
                break;
            }
        }
    };
    numberLayers();
    transpose();
    let best = layers.map((members) => members.slice());
    let fewest = totalCrossings();
    for (let sweep = 0; sweep < SWEEPS && fewest > 0; sweep++) {
        const down = sweep % 2 === 0;
        const ranks = [...layers.keys()];
        for (const rank of down ? ranks.slice(1) : ranks.reverse().slice(1)) {
            const neighbours = down ? above : below;
            const key = new Map(layers[rank].map((v) => {
                const near = neighbours[v];
                const centre = near.length === 0 ? position[v]
                    : near.reduce((sum, n) => sum + position[n], 0) / near.length;
                return [v, centre];
            }));
            layers[rank].sort((a, b) => key.get(a) - key.get(b) || position[a] - position[b]);
            layers[rank].forEach((v, i) => { position[v] = i; });
        }
        transpose();
        const crossings = totalCrossings();
        if (crossings < fewest) {
            fewest = crossings;
            best = layers.map((members) => members.slice());
        }
    }
    best.forEach((members, rank) => { layers[rank] = members; });
    numberLayers();

    // Across the layers: stacked, then pulled towards their neighbours' centres, never closer than the gaps.
    const size = (v) => (vertices[v].real ? crossExtent : SIZES.dummySize);
    const separation = (a, b) => (size(a) + size(b)) / 2
        + (vertices[a].real && vertices[b].real ? SIZES.nodeGap : SIZES.dummyGap);
    const centre = new Array(vertices.length).fill(0);
    for (const members of layers) {
        let at = 0;
        members.forEach((v, i) => {
            at += i === 0 ? size(v) / 2 : separation(members[i - 1], v);
            centre[v] = at;
        });
    }
    const widest = layers.reduce((max, members) => Math.max(max,
        members.length === 0 ? 0 : centre[members[members.length - 1]] + size(members[members.length - 1]) / 2), 0);
    for (const members of layers) {
        if (members.length > 0) {
            const span = centre[members[members.length - 1]] + size(members[members.length - 1]) / 2;
            members.forEach((v) => { centre[v] += (widest - span) / 2; });
        }
    }
    const pull = (rank, neighbours) => {
        const members = layers[rank];
        const desired = members.map((v) => {
            const near = neighbours[v];
            return near.length === 0 ? centre[v] : near.reduce((sum, n) => sum + centre[n], 0) / near.length;
        });
        const packed = packInOrder(desired, members.map((v, i) => (i === 0 ? 0 : separation(members[i - 1], v))));
        members.forEach((v, i) => { centre[v] = packed[i]; });
    };
    for (let pass = 0; pass < 4; pass++) {
        for (let rank = 1; rank < layerCount; rank++) {
            pull(rank, above);
        }
        for (let rank = layerCount - 2; rank >= 0; rank--) {
            pull(rank, below);
        }
    }
    let lowest = Infinity;
    let highest = -Infinity;
    vertices.forEach((vertex, v) => {
        lowest = Math.min(lowest, centre[v] - size(v) / 2);
        highest = Math.max(highest, centre[v] + size(v) / 2);
    });
    if (vertices.length === 0) {
        lowest = 0;
        highest = 0;
    }
    const crossStart = (v) => SIZES.margin + centre[v] - lowest - size(v) / 2;
    const rankStart = (rank) => SIZES.margin + rank * (rankExtent + layerGap);
    const crossSpan = highest - lowest;
    const rankSpan = layerCount === 0 ? 0 : layerCount * rankExtent + (layerCount - 1) * layerGap;
    const box = (v) => {
        const rank = rankStart(vertices[v].layer);
        const cross = crossStart(v);
        return horizontal
            ? { x: rank, y: cross, width: rankExtent, height: size(v) }
            : { x: cross, y: rank, width: size(v), height: rankExtent };
    };

    // Where edges meet a box: spread along its side, in the order of the vertices at their other ends.
    const ports = new Map(); // `${edgeIndex}:${vertex}:${'in'|'out'}` -> offset across the side
    const spread = (v, ends, kind) => {
        const sorted = ends.slice().sort((a, b) => centre[a.other] - centre[b.other] || a.edge - b.edge);
        const room = (vertices[v].real ? crossExtent * 0.7 : 0);
        const step = sorted.length > 1 ? Math.min(SIZES.portSpacing, room / (sorted.length - 1)) : 0;
        sorted.forEach((end, i) => {
            ports.set(`${end.edge}:${v}:${kind}`, (i - (sorted.length - 1) / 2) * step);
        });
    };
    const outs = vertices.map(() => []);
    const ins = vertices.map(() => []);
    for (const between of segments) {
        for (const segment of between) {
            outs[segment.upper].push({ edge: segment.edge, other: segment.lower });
            ins[segment.lower].push({ edge: segment.edge, other: segment.upper });
        }
    }
    vertices.forEach((_, v) => {
        spread(v, outs[v], 'out');
        spread(v, ins[v], 'in');
    });
    const point = (v, edgeIndex, kind) => {
        const b = box(v);
        const offset = ports.get(`${edgeIndex}:${v}:${kind}`) ?? 0;
        if (horizontal) {
            return { x: kind === 'out' ? b.x + b.width : b.x, y: b.y + b.height / 2 + offset };
        }
        return { x: b.x + b.width / 2 + offset, y: kind === 'out' ? b.y + b.height : b.y };
    };

    const placedNodes = nodes.map((node) => {
        const v = vertexOf.get(node.id);
        return {
            ...node,
            label: truncate(node.name, nameChars),
            layer: vertices[v].layer,
            order: position[v],
            ...box(v),
        };
    });
    const nodeOf = new Map(placedNodes.map((node) => [node.id, node]));
    const labelWidthLimit = horizontal ? layerGap - 8 : nodeWidth;
    const labelChars = Math.floor((labelWidthLimit - 8) / (SIZES.labelFont * SIZES.charWidth));
    const labelBoxes = [];
    const laidEdges = edges.map((edge, edgeIndex) => {
        const laid = { from: edge.from, to: edge.to, shipStrategy: edge.shipStrategy, reversed: reversed[edgeIndex],
            selfLoop: edge.from === edge.to, path: '', label: null };
        if (laid.selfLoop) {
            // A loop over the box's far corner (a Flink graph has none; drawn so nothing is hidden).
            const node = nodeOf.get(edge.from);
            const x = node.x + node.width;
            const y = node.y;
            laid.path = horizontal
                ? `M ${formatNumber(x - 24)} ${formatNumber(y)} C ${formatNumber(x - 24)} ${formatNumber(y - 22)} `
                    + `${formatNumber(x + 18)} ${formatNumber(y - 22)} ${formatNumber(x)} ${formatNumber(y + 12)}`
                : `M ${formatNumber(x)} ${formatNumber(y + 12)} C ${formatNumber(x + 22)} ${formatNumber(y + 12)} `
                    + `${formatNumber(x + 22)} ${formatNumber(y + 40)} ${formatNumber(x)} ${formatNumber(y + 40)}`;
            return laid;
        }
        const chain = chains[edgeIndex];
        // The points along the layers: out of the lower box, through each dummy, into the upper box.
        const legs = [];
        let from = point(chain[0], edgeIndex, 'out');
        for (let k = 1; k < chain.length; k++) {
            const v = chain[k];
            if (vertices[v].real) {
                legs.push({ from, to: point(v, edgeIndex, 'in') });
            } else {
                const b = box(v);
                const entry = horizontal ? { x: b.x, y: b.y + b.height / 2 } : { x: b.x + b.width / 2, y: b.y };
                const exit = horizontal ? { x: b.x + b.width, y: entry.y } : { x: entry.x, y: b.y + b.height };
                legs.push({ from, to: entry });
                legs.push({ from: entry, to: exit, straight: true });
                from = exit;
            }
        }
        const drawn = reversed[edgeIndex]
            ? legs.slice().reverse().map((leg) => ({ from: leg.to, to: leg.from, straight: leg.straight }))
            : legs;
        laid.path = `M ${formatNumber(drawn[0].from.x)} ${formatNumber(drawn[0].from.y)} ` + drawn.map((leg) => (
            leg.straight ? `L ${formatNumber(leg.to.x)} ${formatNumber(leg.to.y)}` : curve(leg.from, leg.to, horizontal)
        )).join(' ');
        if (edge.shipStrategy !== '') {
            const text = truncate(edge.shipStrategy, labelChars);
            const width = textWidth(text, SIZES.labelFont) + 8;
            const height = SIZES.labelFont + 5;
            const first = legs[0];
            // On the first leg (which lies in the gap between two layers), at its middle or, if that is taken,
            // a little before or after.
            let chosen = null;
            for (const t of [0.5, 0.3, 0.7]) {
                const at = onCurve(first.from, first.to, t, horizontal);
                const candidate = { x: at.x - width / 2, y: at.y - height / 2, width, height };
                const clash = labelBoxes.find((other) => overlaps(candidate, other));
                if (clash === undefined) {
                    chosen = candidate;
                    break;
                }
                if (clash.text === text) {
                    break; // the same words already stand there: one label says it for both
                }
            }
            if (chosen !== null) {
                laid.label = { text, full: edge.shipStrategy, ...chosen };
                labelBoxes.push({ ...chosen, text });
            }
        }
        return laid;
    });
    const width = Math.ceil(2 * SIZES.margin + (horizontal ? rankSpan : crossSpan));
    const height = Math.ceil(2 * SIZES.margin + (horizontal ? crossSpan : rankSpan));
    return {
        graphType: model.graphType,
        jobName: model.jobName,
        unreadable: model.unreadable,
        direction,
        wide: width > SIZES.maxWidth,
        width: Math.max(width, 2 * SIZES.margin),
        height: Math.max(height, 2 * SIZES.margin),
        nodeWidth,
        nodeHeight,
        nodes: placedNodes,
        edges: laidEdges,
        layers: layers.map((members) => members.filter((v) => vertices[v].real).map((v) => vertices[v].id)),
        crossings: fewest,
    };
}

/**
 * Lays the graph out, without touching the DOM.
 *
 * @param graph the parsed `stream_graph` (or its text)
 * @param options `{direction}`: 'LR' (left to right), 'TB' (top to bottom) or 'auto' (the default: left to right
 *     unless that would be wider than 1000 units and top to bottom is narrower)
 * @returns `{graphType, jobName, unreadable, direction, width, height, wide (wider than 1000 units: drawn at full
 *     size in a scrolling box rather than shrunk to illegible), nodeWidth, nodeHeight, crossings,
 *     nodes: [{id, name, label (the name, truncated to fit), description, kind, parallelism, maxParallelism,
 *     keepsState, operators, inputs: [{id, shipStrategy, known}], layer, order, x, y, width, height}],
 *     edges: [{from, to, shipStrategy, reversed, selfLoop, path (SVG path data), label: {text, full, x, y, width,
 *     height} or null}], layers: [[node ids]]}`; nodes and edges in the graph's order
 */
export function layoutGraph(graph, options = {}) {
    const model = normalizeGraph(graph);
    const direction = options.direction ?? 'auto';
    if (direction === 'LR' || direction === 'TB') {
        return layoutIn(model, direction);
    }
    const across = layoutIn(model, 'LR');
    if (across.width <= SIZES.maxWidth) {
        return across;
    }
    const down = layoutIn(model, 'TB');
    return down.width < across.width ? down : across;
}

/** "4 operators, 3 connections": what the picture shows, in words. */
export function describeGraph(layout) {
    const job = layout.graphType === 'job_graph';
    const count = layout.nodes.length;
    const links = layout.edges.length;
    const noun = job ? (count === 1 ? 'task' : 'tasks') : (count === 1 ? 'operator' : 'operators');
    const prefix = job ? 'Task graph' : 'Operator graph';
    if (layout.unreadable) {
        return `${prefix}: the graph could not be read`;
    }
    return `${prefix}: ${count} ${noun}, ${links} ${links === 1 ? 'connection' : 'connections'}`;
}

function parallelismText(node) {
    if (node.parallelism === null) {
        return 'unknown';
    }
    return node.maxParallelism === null ? String(node.parallelism)
        : `${node.parallelism} (max ${node.maxParallelism})`;
}

/* ---------------------------------------------------------------------------------------------- DOM from here */

let instances = 0;

function svg(tag, attributes = {}, text = null) {
    const element = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) {
        element.setAttribute(name, String(value));
    }
    if (text !== null) {
        element.textContent = text;
    }
    return element;
}

function html(tag, attributes = {}, text = null) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        element.setAttribute(name, String(value));
    }
    if (text !== null) {
        element.textContent = text;
    }
    return element;
}

function nodeTitle(node, job) {
    const lines = [node.name, `${job ? 'task' : node.kind}, parallelism ${parallelismText(node)}`
        + (node.keepsState ? ', keeps keyed state' : '')];
    if (node.description !== '' && node.description !== node.name) {
        lines.push(node.description);
    }
    if (node.operators !== null) {
        lines.push(`operators: ${node.operators.join(', ')}`);
    }
    return lines.join('\n');
}

function drawNode(node, job) {
    const kindClass = KNOWN_KINDS.has(node.kind) ? node.kind : 'operator';
    const classes = ['graph-node', `graph-node--${kindClass}`];
    if (node.keepsState) {
        classes.push('graph-node--stateful');
    }
    const group = svg('g', { class: classes.join(' '), transform: `translate(${node.x} ${node.y})`,
        'data-id': node.id });
    group.appendChild(svg('title', {}, nodeTitle(node, job)));
    group.appendChild(svg('rect', { class: 'graph-node-box', width: node.width, height: node.height, rx: 6, ry: 6,
        fill: kindClass === 'operator' ? COLOURS.box : COLOURS.endBox,
        stroke: node.keepsState ? COLOURS.accent : COLOURS.boxStroke,
        'stroke-width': node.keepsState ? 1.75 : 1 }));
    group.appendChild(svg('text', { class: 'graph-node-name', x: SIZES.padding, y: 21, 'font-size': SIZES.nameFont,
        'font-weight': 600, fill: COLOURS.text }, node.label));
    const operators = node.operators === null ? ''
        : `${node.operators.length} ${node.operators.length === 1 ? 'operator' : 'operators'} \u00b7 `;
    const meta = job ? `${operators}parallelism ${node.parallelism ?? '?'}`
        : `${node.kind} \u00b7 parallelism ${node.parallelism ?? '?'}`;
    group.appendChild(svg('text', { class: 'graph-node-meta', x: SIZES.padding, y: 39, 'font-size': SIZES.metaFont,
        fill: COLOURS.muted }, meta));
    if (node.keepsState) {
        const text = 'keyed state';
        const width = textWidth(text, SIZES.badgeFont) + 10;
        const badge = svg('g', { class: 'graph-node-state',
            transform: `translate(${node.width - width - 8} -7)` });
        badge.appendChild(svg('rect', { width, height: 14, rx: 7, ry: 7, fill: COLOURS.accent }));
        badge.appendChild(svg('text', { x: width / 2, y: 10.5, 'text-anchor': 'middle', 'font-size': SIZES.badgeFont,
            'font-weight': 600, fill: '#ffffff' }, text));
        group.appendChild(badge);
    }
    return group;
}

function drawTable(layout) {
    const job = layout.graphType === 'job_graph';
    const names = new Map(layout.nodes.map((node) => [node.id, node.name]));
    const table = html('table', { class: 'graph-table' });
    table.appendChild(html('caption', {}, job ? 'Tasks' : 'Operators'));
    const head = html('thead');
    const headings = html('tr');
    const columns = [job ? 'Task' : 'Operator', 'Kind', 'Parallelism', 'State', 'Inputs'];
    if (job) {
        columns.push('Chained operators');
    }
    for (const column of columns) {
        headings.appendChild(html('th', { scope: 'col' }, column));
    }
    head.appendChild(headings);
    table.appendChild(head);
    const body = html('tbody');
    if (layout.nodes.length === 0) {
        const row = html('tr');
        row.appendChild(html('td', { colspan: columns.length },
            layout.unreadable ? 'The graph could not be read.' : (job ? 'No tasks.' : 'No operators.')));
        body.appendChild(row);
    }
    for (const node of layout.nodes) {
        const row = html('tr', { 'data-id': node.id });
        row.appendChild(html('th', { scope: 'row' }, node.name));
        row.appendChild(html('td', {}, node.kind));
        row.appendChild(html('td', {}, parallelismText(node)));
        row.appendChild(html('td', {}, node.keepsState ? 'keyed' : 'none'));
        const inputs = node.inputs.map((input) => {
            const from = input.known ? names.get(input.id) : `${input.id} (unknown)`;
            return input.shipStrategy === '' ? from : `${from} (${input.shipStrategy})`;
        });
        row.appendChild(html('td', {}, inputs.length === 0 ? '\u2014' : inputs.join(', ')));
        if (job) {
            row.appendChild(html('td', {}, node.operators === null || node.operators.length === 0 ? '\u2014'
                : node.operators.join(', ')));
        }
        body.appendChild(row);
    }
    table.appendChild(body);
    return table;
}

/**
 * Draws the graph in `container` (its children replaced): a `<div class="graph-scroll">` holding an `<svg
 * class="graph-svg" role="img" aria-label>` (also `graph-svg--wide` when it is drawn at full size and scrolls),
 * followed by a `<table class="graph-table">` captioned "Operators" ("Tasks" for a job graph).
 *
 * @param container an element
 * @param graph the parsed `stream_graph` (or its text)
 * @param options as layoutGraph's
 * @returns the layout drawn
 */
export function renderGraph(container, graph, options = {}) {
    const layout = layoutGraph(graph, options);
    const job = layout.graphType === 'job_graph';
    const arrow = `dlirun-graph-arrow-${++instances}`;
    const root = svg('svg', {
        class: layout.wide ? 'graph-svg graph-svg--wide' : 'graph-svg', role: 'img',
        'aria-label': describeGraph(layout),
        viewBox: `0 0 ${layout.width} ${layout.height}`, width: layout.width, height: layout.height,
        preserveAspectRatio: 'xMinYMin meet', 'font-family': FONT_FAMILY, 'data-graph-type': layout.graphType,
        'data-direction': layout.direction,
    });
    const defs = svg('defs');
    const marker = svg('marker', { id: arrow, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7,
        markerHeight: 7, markerUnits: 'userSpaceOnUse', orient: 'auto' });
    marker.appendChild(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: COLOURS.edge }));
    defs.appendChild(marker);
    root.appendChild(defs);

    if (layout.nodes.length === 0) {
        root.setAttribute('viewBox', '0 0 240 48');
        root.setAttribute('width', '240');
        root.setAttribute('height', '48');
        root.appendChild(svg('text', { class: 'graph-empty', x: 16, y: 28, 'font-size': SIZES.nameFont,
            fill: COLOURS.muted }, layout.unreadable ? 'The graph could not be read.'
            : (job ? 'No tasks.' : 'No operators.')));
    }
    const names = new Map(layout.nodes.map((node) => [node.id, node.name]));
    const edges = svg('g', { class: 'graph-edges' });
    for (const edge of layout.edges) {
        const group = svg('g', { class: edge.reversed ? 'graph-edge graph-edge--reversed' : 'graph-edge',
            'data-from': edge.from, 'data-to': edge.to });
        group.appendChild(svg('title', {}, `${names.get(edge.from)} \u2192 ${names.get(edge.to)}`
            + (edge.shipStrategy === '' ? '' : ` (${edge.shipStrategy})`)));
        group.appendChild(svg('path', { class: 'graph-edge-path', d: edge.path, fill: 'none', stroke: COLOURS.edge,
            'stroke-width': 1.25, 'marker-end': `url(#${arrow})` }));
        edges.appendChild(group);
    }
    root.appendChild(edges);
    const nodes = svg('g', { class: 'graph-nodes' });
    for (const node of layout.nodes) {
        nodes.appendChild(drawNode(node, job));
    }
    root.appendChild(nodes);
    const labels = svg('g', { class: 'graph-edge-labels' });
    for (const edge of layout.edges) {
        if (edge.label !== null) {
            const label = svg('g', { class: 'graph-edge-label' });
            if (edge.label.full !== edge.label.text) {
                label.appendChild(svg('title', {}, edge.label.full));
            }
            label.appendChild(svg('rect', { x: edge.label.x, y: edge.label.y, width: edge.label.width,
                height: edge.label.height, rx: 3, ry: 3, fill: COLOURS.labelBackground, 'fill-opacity': 0.92 }));
            label.appendChild(svg('text', { x: edge.label.x + edge.label.width / 2,
                y: edge.label.y + edge.label.height - 4, 'text-anchor': 'middle', 'font-size': SIZES.labelFont,
                'letter-spacing': 0.3, fill: COLOURS.muted }, edge.label.text));
            labels.appendChild(label);
        }
    }
    root.appendChild(labels);
    const scroll = html('div', { class: 'graph-scroll' });
    scroll.appendChild(root);
    container.replaceChildren(scroll, drawTable(layout));
    return layout;
}
