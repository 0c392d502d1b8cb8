// The console's pure modules, under plain Node (20+, no packages): node --test adapters-rest/src/test/js/
// graph.js's layout and chart.js's axes and window; their DOM halves are looked at in a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const console = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../main/resources/console');
const { layoutGraph, normalizeGraph, describeGraph, truncate } = await import(path.join(console, 'graph.js'));
const { niceTicks, timeTicks, trimWindow, linePath, formatRate, RateChart, MAX_POINTS } =
    await import(path.join(console, 'chart.js'));

/** Two sources joined, an aggregate and two sinks, as GraphDescription writes a simple_graph. */
const JOINED = {
    graph_type: 'simple_graph',
    job_name: 'demo/1 joined',
    nodes: [
        { id: 1, name: 'Source: orders[1]', kind: 'source', parallelism: 2, max_parallelism: 128,
            keeps_state: false, inputs: [] },
        { id: 2, name: 'Calc[2]', kind: 'operator', parallelism: 2, keeps_state: false,
            inputs: [{ id: 1, ship_strategy: 'FORWARD' }] },
        { id: 3, name: 'Source: users[3]', kind: 'source', parallelism: 1, keeps_state: false, inputs: [] },
        { id: 4, name: 'Join[4]', kind: 'operator', parallelism: 2, keeps_state: true,
            inputs: [{ id: 2, ship_strategy: 'HASH' }, { id: 3, ship_strategy: 'HASH' }] },
        { id: 5, name: 'GroupAggregate[5]', kind: 'operator', parallelism: 2, keeps_state: true,
            inputs: [{ id: 4, ship_strategy: 'HASH' }] },
        { id: 6, name: 'Sink: totals[6]', kind: 'sink', parallelism: 2, keeps_state: false,
            inputs: [{ id: 5, ship_strategy: 'FORWARD' }] },
        { id: 7, name: 'Calc[7]', kind: 'operator', parallelism: 1, keeps_state: false,
            inputs: [{ id: 5, ship_strategy: 'REBALANCE' }] },
        { id: 8, name: 'Sink: audit[8]', kind: 'sink', parallelism: 1, keeps_state: false,
            inputs: [{ id: 7, ship_strategy: 'FORWARD' }, { id: 1, ship_strategy: 'REBALANCE' }] },
    ],
};

/** A graph of `count` operators, each fed by one or two earlier ones (a pseudo-random but fixed shape). */
function generated(count) {
    const nodes = [];
    let seed = 7;
    const next = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed; };
    for (let id = 1; id <= count; id++) {
        const inputs = [];
        if (id > 3) {
            inputs.push({ id: 1 + (next() % (id - 1)), ship_strategy: 'HASH' });
            if (next() % 3 === 0) {
                inputs.push({ id: 1 + (next() % (id - 1)), ship_strategy: 'FORWARD' });
            }
        }
        nodes.push({ id, name: `Operator with a name of some length [${id}]`, parallelism: 4, inputs });
    }
    return { graph_type: 'simple_graph', nodes };
}

function assertNoOverlap(nodes) {
    for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
            const a = nodes[i];
            const b = nodes[j];
            const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y
                || b.y + b.height <= a.y;
            assert.ok(apart, `${a.id} at (${a.x}, ${a.y}) overlaps ${b.id} at (${b.x}, ${b.y})`);
        }
    }
}

function assertInside(layout) {
    for (const node of layout.nodes) {
        assert.ok(node.x >= 0 && node.y >= 0, `${node.id} starts inside the picture`);
        assert.ok(node.x + node.width <= layout.width && node.y + node.height <= layout.height,
            `${node.id} ends inside the picture (${layout.width} by ${layout.height})`);
    }
}

test('every edge goes from a lower layer to a higher one, sources in the first', () => {
    for (const graph of [JOINED, generated(40)]) {
        for (const direction of ['LR', 'TB']) {
            const layout = layoutGraph(graph, { direction });
            const layer = new Map(layout.nodes.map((node) => [node.id, node.layer]));
            assert.equal(layout.edges.length, graph.nodes.reduce((sum, node) => sum + node.inputs.length, 0));
            for (const edge of layout.edges) {
                assert.equal(edge.reversed, false);
                assert.ok(layer.get(edge.from) < layer.get(edge.to), `${edge.from} -> ${edge.to} in ${direction}`);
            }
            for (const node of layout.nodes.filter((n) => n.inputs.length === 0)) {
                assert.equal(node.layer, 0, `source ${node.id} in the first layer`);
            }
        }
    }
});

test('layers are the longest path from the sources', () => {
    const layout = layoutGraph(JOINED);
    const layer = Object.fromEntries(layout.nodes.map((node) => [node.id, node.layer]));
    assert.deepEqual(layer, { 1: 0, 2: 1, 3: 0, 4: 2, 5: 3, 6: 4, 7: 4, 8: 5 });
    assert.deepEqual(layout.layers.map((members) => members.slice().sort()), [['1', '3'], ['2'], ['4'], ['5'],
        ['6', '7'], ['8']]);
});

test('layers run along x left to right and along y top to bottom', () => {
    for (const [direction, along] of [['LR', 'x'], ['TB', 'y']]) {
        const layout = layoutGraph(JOINED, { direction });
        assert.equal(layout.direction, direction);
        for (const a of layout.nodes) {
            for (const b of layout.nodes) {
                if (a.layer < b.layer) {
                    assert.ok(a[along] < b[along], `${a.id} before ${b.id} along ${along}`);
                }
            }
        }
    }
});

test('no two nodes overlap, and all lie inside the picture', () => {
    for (const graph of [JOINED, generated(1), generated(12), generated(40)]) {
        for (const direction of ['LR', 'TB', 'auto']) {
            const layout = layoutGraph(graph, { direction });
            assertNoOverlap(layout.nodes);
            assertInside(layout);
        }
    }
});

test('the barycenter ordering leaves no crossing where none is needed', () => {
    assert.equal(layoutGraph(JOINED).crossings, 0);
    // Two chains given interleaved: a crossing-free order exists and is found.
    const chains = { nodes: [
        { id: 'a1', inputs: [] }, { id: 'b1', inputs: [] },
        { id: 'b2', inputs: [{ id: 'b1' }] }, { id: 'a2', inputs: [{ id: 'a1' }] },
        { id: 'a3', inputs: [{ id: 'b2' }] }, { id: 'b3', inputs: [{ id: 'a2' }] },
    ] };
    assert.equal(layoutGraph(chains).crossings, 0);
});

test('auto lays a wide graph out top to bottom and a short one left to right', () => {
    assert.equal(layoutGraph(generated(3)).direction, 'LR');
    const chain = { nodes: Array.from({ length: 12 }, (_, i) => ({ id: i + 1,
        inputs: i === 0 ? [] : [{ id: i, ship_strategy: 'FORWARD' }] })) };
    const layout = layoutGraph(chain);
    assert.equal(layout.direction, 'TB');
    assert.ok(layout.width <= 1000, `a chain of 12 is ${layout.width} wide`);
});

test('a cycle terminates, the edges closing it reversed, the rest pointing onwards', { timeout: 5000 }, () => {
    const cycle = { nodes: [
        { id: 1, name: 'A', inputs: [{ id: 3, ship_strategy: 'HASH' }] },
        { id: 2, name: 'B', inputs: [{ id: 1, ship_strategy: 'FORWARD' }] },
        { id: 3, name: 'C', inputs: [{ id: 2, ship_strategy: 'FORWARD' }, { id: 3 }] },
        { id: 4, name: 'D', inputs: [{ id: 2 }] },
    ] };
    const layout = layoutGraph(cycle);
    assert.equal(layout.nodes.length, 4);
    assert.equal(layout.edges.length, 5);
    const layer = new Map(layout.nodes.map((node) => [node.id, node.layer]));
    const reversed = layout.edges.filter((edge) => edge.reversed);
    assert.equal(reversed.length, 1, 'one edge breaks the cycle');
    for (const edge of layout.edges) {
        if (edge.selfLoop) {
            assert.equal(edge.from, '3');
            assert.notEqual(edge.path, '');
        } else if (edge.reversed) {
            assert.ok(layer.get(edge.from) > layer.get(edge.to));
        } else {
            assert.ok(layer.get(edge.from) < layer.get(edge.to), `${edge.from} -> ${edge.to}`);
        }
    }
    assertNoOverlap(layout.nodes);
    // Everything feeds everything: still ends.
    const complete = { nodes: Array.from({ length: 15 }, (_, i) => ({ id: i,
        inputs: Array.from({ length: 15 }, (__, j) => ({ id: j })) })) };
    const dense = layoutGraph(complete);
    assert.equal(dense.nodes.length, 15);
    assert.equal(dense.edges.length, 225);
    assertNoOverlap(dense.nodes);
});

test('an empty graph, no graph and unreadable text lay out as nothing', () => {
    for (const graph of [{ graph_type: 'simple_graph', nodes: [] }, {}, null, undefined, 'not json', '[1, 2]', 42]) {
        const layout = layoutGraph(graph);
        assert.deepEqual(layout.nodes, []);
        assert.deepEqual(layout.edges, []);
        assert.ok(layout.width > 0 && layout.height > 0);
    }
    assert.equal(describeGraph(layoutGraph({ nodes: [] })), 'Operator graph: 0 operators, 0 connections');
    assert.equal(describeGraph(layoutGraph('{oops')), 'Operator graph: the graph could not be read');
});

test('the stream_graph text is read as its JSON is', () => {
    const layout = layoutGraph(JSON.stringify(JOINED));
    assert.equal(layout.nodes.length, 8);
    assert.equal(describeGraph(layout), 'Operator graph: 8 operators, 8 connections');
});

test('unknown fields are ignored, bad nodes and inputs to no node are left out of the picture', () => {
    const graph = normalizeGraph({ graph_type: 'simple_graph', extra: { x: 1 }, nodes: [
        { id: 1, name: 'Source: a[1]', kind: 'source', parallelism: 'many', colour: 'red', inputs: 'none' },
        'not a node', null, [1],
        { id: 2, name: '', inputs: [{ id: 1, ship_strategy: 7 }, { id: 99, ship_strategy: 'HASH' }, { nope: 1 }] },
        { id: 2, name: 'duplicate id', inputs: [] },
    ] });
    assert.deepEqual(graph.nodes.map((node) => node.id), ['1', '2', '2#6']);
    assert.equal(graph.nodes[0].parallelism, null);
    assert.deepEqual(graph.nodes[0].inputs, []);
    assert.equal(graph.nodes[1].name, 'Operator 2');
    assert.equal(graph.nodes[1].kind, 'sink', 'derived: fed, and feeding nothing');
    assert.deepEqual(graph.nodes[1].inputs, [{ id: '1', shipStrategy: '', known: true },
        { id: '99', shipStrategy: 'HASH', known: false }]);
    assert.deepEqual(graph.edges, [{ from: '1', to: '2', shipStrategy: '' }]);
});

test('a job graph: tasks with their chained operators, kinds derived from the edges', () => {
    const layout = layoutGraph({ graph_type: 'job_graph', job_name: 'j', vertices: [
        { id: 'cbc357ccb763df2852fee8c4fc7d55f2', name: 'Source: clicks[1] -> Calc[2]', parallelism: 2,
            max_parallelism: 128, keeps_state: false, operators: [1, 2], inputs: [] },
        { id: '90bea66de1c231edf33913ecd54406c1', name: 'GroupAggregate[4] -> Sink: counts[5]', parallelism: 2,
            keeps_state: true, operators: [4, 5],
            inputs: [{ id: 'cbc357ccb763df2852fee8c4fc7d55f2', ship_strategy: 'HASH' }] },
    ] });
    assert.equal(layout.graphType, 'job_graph');
    assert.deepEqual(layout.nodes.map((node) => [node.kind, node.layer, node.operators]),
        [['source', 0, ['1', '2']], ['sink', 1, ['4', '5']]]);
    assert.equal(layout.edges[0].shipStrategy, 'HASH');
    assert.equal(describeGraph(layout), 'Task graph: 2 tasks, 1 connection');
});

test('long names are cut with an ellipsis to fit their box, short ones kept whole', () => {
    const long = 'Source: a_table_with_a_very_long_name_that_will_not_fit_in_any_box[1]';
    const layout = layoutGraph({ nodes: [{ id: 1, name: long, inputs: [] }, { id: 2, name: 'Calc[2]',
        inputs: [{ id: 1 }] }] });
    const [first, second] = layout.nodes;
    assert.equal(first.name, long);
    assert.ok(first.label.endsWith('\u2026'));
    assert.ok(long.startsWith(first.label.slice(0, -1)));
    assert.ok(first.label.length * 12 * 0.56 <= first.width - 20, 'the label fits the box');
    assert.equal(second.label, 'Calc[2]');
    assert.equal(truncate('abcdef', 4), 'abc\u2026');
    assert.equal(truncate('abcd', 4), 'abcd');
});

test('edges between two layers apart pass beside the layer between, and carry their ship strategy', () => {
    const layout = layoutGraph(JOINED, { direction: 'LR' });
    const long = layout.edges.find((edge) => edge.from === '1' && edge.to === '8');
    assert.equal(long.label.text, 'REBALANCE');
    // The path's points never fall inside a box other than its ends'.
    const numbers = long.path.match(/-?\d+(\.\d+)?/g).map(Number);
    for (let i = 0; i + 1 < numbers.length; i += 2) {
        const [x, y] = [numbers[i], numbers[i + 1]];
        for (const node of layout.nodes) {
            const inside = x > node.x + 1 && x < node.x + node.width - 1 && y > node.y + 1
                && y < node.y + node.height - 1;
            assert.ok(!inside, `(${x}, ${y}) of 1 -> 8 inside ${node.id}`);
        }
    }
    const labels = layout.edges.map((edge) => edge.label).filter((label) => label !== null);
    assertNoOverlap(labels.map((label, i) => ({ id: `label ${i} ${label.text}`, ...label })));
});

test('40 operators stay legible: full-size boxes, shrunk to fit only when the picture is not too wide', () => {
    // Ten INSERTs of a statement set, each source -> calc -> aggregate -> sink: laid out left to right.
    const statementSet = { nodes: Array.from({ length: 40 }, (_, i) => ({ id: i + 1, name: `Step ${i % 4}[${i + 1}]`,
        inputs: i % 4 === 0 ? [] : [{ id: i, ship_strategy: 'FORWARD' }] })) };
    const parallel = layoutGraph(statementSet);
    assert.equal(parallel.direction, 'LR');
    assert.equal(parallel.wide, false);
    assert.equal(parallel.crossings, 0);
    // One long pipeline: laid out top to bottom, as narrow as a box.
    const pipeline = { nodes: Array.from({ length: 40 }, (_, i) => ({ id: i + 1,
        inputs: i === 0 ? [] : [{ id: i, ship_strategy: 'FORWARD' }] })) };
    const deep = layoutGraph(pipeline);
    assert.equal(deep.direction, 'TB');
    assert.equal(deep.wide, false);
    assert.ok(deep.width < 300);
    // A bushy graph too wide either way: kept at full size (the page scrolls it), not shrunk.
    const bushy = layoutGraph(generated(40));
    assert.equal(bushy.nodes.length, 40);
    assert.equal(bushy.wide, true);
    assert.ok(bushy.nodeWidth >= 150);
    assertNoOverlap(bushy.nodes);
});

test('ticks start at 0, step by 1, 2, 2.5 or 5 times a power of ten, and reach the max', () => {
    for (const max of [0.004, 0.3, 1, 7, 12.5, 99, 100, 101, 999, 1234.5, 48000, 3.2e6]) {
        const ticks = niceTicks(max);
        assert.equal(ticks[0], 0);
        assert.ok(ticks[ticks.length - 1] >= max, `${ticks} covers ${max}`);
        assert.ok(ticks[ticks.length - 2] < max, `${ticks} goes no further than needed for ${max}`);
        assert.ok(ticks.length >= 3 && ticks.length <= 7, `${ticks.length} ticks for ${max}`);
        const step = ticks[1];
        const mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        assert.ok([1, 2, 2.5, 5].some((nice) => Math.abs(mantissa - nice) < 1e-9), `step ${step} for ${max}`);
        ticks.forEach((tick, i) => assert.ok(Math.abs(tick - i * step) < step * 1e-9));
    }
    assert.deepEqual(niceTicks(12.5), [0, 5, 10, 15]);
    assert.deepEqual(niceTicks(0.3), [0, 0.1, 0.2, 0.3]);
    assert.deepEqual(niceTicks(0), [0, 1]);
    assert.deepEqual(niceTicks(Number.NaN), [0, 1]);
    assert.deepEqual(niceTicks(-3), [0, 1]);
});

test('the time axis runs from the window\'s start to now in round steps', () => {
    assert.deepEqual(timeTicks(5 * 60 * 1000).map((tick) => tick.label), ['-5m', '-4m', '-3m', '-2m', '-1m', 'now']);
    assert.deepEqual(timeTicks(60 * 1000).map((tick) => tick.label),
        ['-1m', '-50s', '-40s', '-30s', '-20s', '-10s', 'now']);
    assert.deepEqual(timeTicks(90 * 1000).map((tick) => tick.label), ['-1m30s', '-1m15s', '-1m', '-45s', '-30s',
        '-15s', 'now']);
    assert.deepEqual(timeTicks(30 * 60 * 1000).map((tick) => tick.offsetMs / 60000), [-30, -25, -20, -15, -10, -5, 0]);
});

test('trimming drops points older than the window and keeps the rest in order', () => {
    const points = Array.from({ length: 20 }, (_, i) => ({ time: i * 60000, values: { read: i } }));
    const kept = trimWindow(points, 19 * 60000, 5 * 60000);
    assert.deepEqual(kept.map((point) => point.values.read), [14, 15, 16, 17, 18, 19]);
    assert.equal(points.length, 20, 'the array given is left alone');
});

test('a chart keeps only what its window holds, however long it runs', () => {
    const chart = new RateChart(null, { series: [{ key: 'read', name: 'Read' }, { key: 'write', name: 'Write' }],
        windowMs: 60000 });
    for (let second = 0; second < 3600; second++) {
        chart.add(second * 1000, { read: second, write: null });
    }
    assert.equal(chart.points.length, 61);
    assert.equal(chart.points[0].time, 3599000 - 60000);
    // Many samples a millisecond apart: bounded all the same.
    for (let ms = 0; ms < 5000; ms++) {
        chart.add(4000000 + ms, { read: 1 });
    }
    assert.equal(chart.points.length, MAX_POINTS);
    assert.equal(chart.points[chart.points.length - 1].time, 4004999);
});

test('a chart ignores samples from the past and replaces one at the same time', () => {
    const chart = new RateChart(null, { series: [{ key: 'read', name: 'Read' }] });
    chart.add(10000, { read: 1 });
    chart.add(5000, { read: 2 });
    chart.add(10000, { read: 3, other: 4 });
    assert.deepEqual(chart.points, [{ time: 10000, values: { read: 3 } }]);
});

test('the summary names the latest values, "no data" where there is none', () => {
    const chart = new RateChart(null, { series: [{ key: 'read', name: 'Read' }, { key: 'write', name: 'Write' }] });
    assert.equal(chart.summary(), 'Read no data, write no data');
    chart.add(1000, { read: 12.5, write: 12.5 });
    assert.equal(chart.summary(), 'Read 12.5 records/s, write 12.5 records/s');
    chart.add(2000, { read: 1500.4, write: null });
    assert.equal(chart.summary(), 'Read 1,500 records/s, write no data');
    assert.equal(formatRate(0.3333), '0.33');
});

test('a line breaks where a value is missing, and a lone point is marked', () => {
    const points = [1, 2, null, 4, null, 6, 7, undefined, Number.NaN].map((value, i) => ({ time: i,
        values: { read: value } }));
    const { d, dots } = linePath(points, 'read', (t) => t * 10, (v) => 100 - v);
    assert.equal(d, 'M 0 99 L 10 98 M 50 94 L 60 93');
    assert.deepEqual(dots, [{ x: 30, y: 96 }]);
    assert.deepEqual(linePath([], 'read', (t) => t, (v) => v), { d: '', dots: [] });
});
