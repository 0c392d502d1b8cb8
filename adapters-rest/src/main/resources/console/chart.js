/**
 * A small SVG line chart of rates over a sliding window of time: the console's records per second read by a job's
 * sources and written by its sinks (jobs/metrics' total_read_rate and total_write_rate, sampled as it polls).
 *
 * The pure parts (niceTicks, timeTicks, trimWindow, linePath, formatRate) need no DOM and are tested under Node;
 * RateChart keeps the samples and draws them with createElementNS and textContent only, styled by presentation
 * attributes and the classes of graph.css (the console's CSP allows no inline styles).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Okabe-Ito colours (told apart with the common colour-vision deficiencies), each with its own dash pattern. */
export const SERIES_STYLES = [
    { colour: '#0072b2', dash: null },
    { colour: '#d55e00', dash: '7 4' },
    { colour: '#009e73', dash: '2 3' },
    { colour: '#cc79a7', dash: '9 3 2 3' },
    { colour: '#e69f00', dash: '4 2' },
];

const DEFAULT_WINDOW_MS = 5 * 60 * 1000;
/** At most this many samples are kept, whatever the window (a sample a second for ten minutes). */
export const MAX_POINTS = 600;

/**
 * Axis ticks from 0 to at least `max`, a "nice" step apart (1, 2, 2.5 or 5 times a power of ten), about `count`
 * intervals. A max that is not a positive number gives [0, 1].
 */
export function niceTicks(max, count = 4) {
    if (!(typeof max === 'number' && Number.isFinite(max) && max > 0)) {
        return [0, 1];
    }
    const rough = max / Math.max(1, count);
    const power = Math.pow(10, Math.floor(Math.log10(rough)));
    const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough);
    const ticks = [];
    for (let i = 0; ; i++) {
        // Rounded to the step's decimals, so 0.1 + 0.2 shows as 0.3.
        const value = Number((i * step).toPrecision(12));
        ticks.push(value);
        if (value >= max) {
            return ticks;
        }
    }
}

/**
 * Ticks for a time axis over the last `windowMs`: `[{offsetMs (0 or less), label}]`, from the oldest to "now", a
 * round number of seconds or minutes apart (about five intervals).
 */
export function timeTicks(windowMs) {
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map((seconds) => seconds * 1000);
    const step = steps.find((candidate) => windowMs / candidate <= 6) ?? windowMs;
    const ticks = [];
    for (let offset = -Math.floor(windowMs / step) * step; offset <= 0; offset += step) {
        ticks.push({ offsetMs: offset, label: offset === 0 ? 'now' : `-${durationLabel(-offset)}` });
    }
    return ticks;
}

function durationLabel(ms) {
    const seconds = Math.round(ms / 1000);
    if (seconds % 3600 === 0) {
        return `${seconds / 3600}h`;
    }
    if (seconds >= 60 && seconds % 60 === 0) {
        return `${seconds / 60}m`;
    }
    return seconds >= 60 ? `${Math.floor(seconds / 60)}m${seconds % 60}s` : `${seconds}s`;
}

/**
 * The samples still inside the window that ends at `nowMs`: those at `nowMs - windowMs` or later, at most
 * MAX_POINTS of them (the newest). The array given is not changed.
 */
export function trimWindow(points, nowMs, windowMs) {
    const start = nowMs - windowMs;
    const kept = points.filter((point) => point.time >= start && point.time <= nowMs);
    return kept.length > MAX_POINTS ? kept.slice(kept.length - MAX_POINTS) : kept;
}

/** A rate to read: 12.5, 0.33, 1,500. */
export function formatRate(value) {
    const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
    return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A tick's label: 1.5k, 2M, 250. */
function tickLabel(value) {
    if (value >= 1e6) {
        return `${Number((value / 1e6).toPrecision(3))}M`;
    }
    if (value >= 1e4) {
        return `${Number((value / 1e3).toPrecision(3))}k`;
    }
    return String(value);
}

function isValue(value) {
    return typeof value === 'number' && Number.isFinite(value);
}

/**
 * SVG path data for one series: a line through the samples that have a value for `key`, broken (a new "M") at
 * each sample without one. `x(time)` and `y(value)` place a point.
 *
 * @returns {{d: string, dots: {x, y}[]}} the line, and the samples that stand alone between gaps (a line of one
 *     point cannot be seen: the chart marks them with a dot)
 */
export function linePath(points, key, x, y) {
    const parts = [];
    const dots = [];
    let run = [];
    const close = () => {
        if (run.length === 1) {
            dots.push(run[0]);
        } else if (run.length > 1) {
            parts.push(run.map((p, i) => `${i === 0 ? 'M' : 'L'} ${round(p.x)} ${round(p.y)}`).join(' '));
        }
        run = [];
    };
    for (const point of points) {
        const value = point.values[key];
        if (isValue(value)) {
            run.push({ x: x(point.time), y: y(value) });
        } else {
            close();
        }
    }
    close();
    return { d: parts.join(' '), dots };
}

function round(value) {
    return Math.round(value * 10) / 10;
}

function svg(tag, attributes = {}, text = null) {
    const element = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value !== null && value !== undefined) {
            element.setAttribute(name, String(value));
        }
    }
    if (text !== null) {
        element.textContent = text;
    }
    return element;
}

/** The series' name as it reads after a comma: "write" for "Write", "JVM" left as it is. */
function midSentence(name) {
    return name.length > 1 && name[1] === name[1].toLowerCase() ? name[0].toLowerCase() + name.slice(1) : name;
}

/**
 * A line chart of rates over the last `windowMs`, in an element of its own.
 *
 * `new RateChart(container, {label, series: [{key, name}], windowMs, unit, height})`; `add(timeMs, {key: number
 * or null})` records a sample (null: no value, the line has a gap there); `render()` draws the chart in the
 * container (its children replaced) as an `<svg class="rate-chart" role="img" aria-label="Read 12.5 records/s,
 * write 12.5 records/s">`. "Now" is the newest sample's time.
 */
export class RateChart {
    constructor(container, { label = '', series = [], windowMs = DEFAULT_WINDOW_MS, unit = 'records/s',
        height = 200 } = {}) {
        this.container = container;
        this.label = label;
        this.series = series.map((entry, index) => ({
            key: entry.key, name: entry.name ?? entry.key, ...SERIES_STYLES[index % SERIES_STYLES.length],
        }));
        this.windowMs = windowMs > 0 ? windowMs : DEFAULT_WINDOW_MS;
        this.unit = unit;
        this.height = height;
        this.points = [];
    }

    /**
     * Records the values at `timeMs`; samples that fall out of the window are dropped. A sample older than the
     * newest is ignored; one at the same time replaces it.
     */
    add(timeMs, values = {}) {
        if (!isValue(timeMs)) {
            return;
        }
        const last = this.points[this.points.length - 1];
        if (last !== undefined && timeMs < last.time) {
            return;
        }
        const sample = { time: timeMs, values: {} };
        for (const { key } of this.series) {
            sample.values[key] = values !== null && isValue(values[key]) ? values[key] : null;
        }
        if (last !== undefined && timeMs === last.time) {
            this.points[this.points.length - 1] = sample;
        } else {
            this.points.push(sample);
        }
        this.points = trimWindow(this.points, timeMs, this.windowMs);
    }

    /** The latest values, in words: "Read 12.5 records/s, write 12.5 records/s". */
    summary() {
        const last = this.points[this.points.length - 1];
        return this.series.map((entry, index) => {
            const name = index === 0 ? entry.name : midSentence(entry.name);
            const value = last === undefined ? null : last.values[entry.key];
            return isValue(value) ? `${name} ${formatRate(value)} ${this.unit}` : `${name} no data`;
        }).join(', ');
    }

    /** Draws the chart, as wide as its container (640 units when that cannot be measured). */
    render() {
        const padding = typeof getComputedStyle === 'function' ? getComputedStyle(this.container) : null;
        const measured = this.container.clientWidth
            - (padding === null ? 0 : (parseFloat(padding.paddingLeft) || 0) + (parseFloat(padding.paddingRight) || 0));
        const width = Math.max(280, measured > 0 ? measured : 640);
        const height = this.height;
        const now = this.points.length === 0 ? 0 : this.points[this.points.length - 1].time;
        const start = now - this.windowMs;
        let max = 0;
        for (const point of this.points) {
            for (const { key } of this.series) {
                if (isValue(point.values[key])) {
                    max = Math.max(max, point.values[key]);
                }
            }
        }
        const ticks = niceTicks(max);
        const top = ticks[ticks.length - 1];
        const fontSize = 11;
        const left = 10 + Math.max(...ticks.map((tick) => tickLabel(tick).length)) * fontSize * 0.6;
        const plot = { left, right: width - 14, top: 34, bottom: height - 24 };
        const x = (time) => plot.left + (time - start) / this.windowMs * (plot.right - plot.left);
        const y = (value) => plot.bottom - value / top * (plot.bottom - plot.top);

        const root = svg('svg', { class: 'rate-chart', role: 'img', 'aria-label': this.summary(),
            viewBox: `0 0 ${width} ${height}`, width, height, 'font-family': FONT_FAMILY, 'font-size': fontSize });
        if (this.label !== '') {
            root.appendChild(svg('text', { class: 'rate-chart-title', x: 0, y: 14, 'font-size': 12,
                'font-weight': 600, fill: '#111827' }, this.label));
        }
        // The legend, right-aligned on the title's line: a sample of each line and its name.
        const legend = svg('g', { class: 'rate-chart-legend' });
        let at = width - 4;
        for (const entry of this.series.slice().reverse()) {
            const textWidth = Math.ceil(entry.name.length * fontSize * 0.56);
            at -= textWidth;
            legend.appendChild(svg('text', { x: at, y: 14, fill: '#374151' }, entry.name));
            at -= 30;
            legend.appendChild(svg('line', { x1: at, y1: 10, x2: at + 24, y2: 10, stroke: entry.colour,
                'stroke-width': 2.5, 'stroke-dasharray': entry.dash }));
            at -= 16;
        }
        root.appendChild(legend);

        const axes = svg('g', { class: 'rate-chart-axes', fill: '#4b5563' });
        for (const tick of ticks) {
            axes.appendChild(svg('line', { class: 'rate-chart-grid', x1: plot.left, x2: plot.right, y1: y(tick),
                y2: y(tick), stroke: tick === 0 ? '#9ca3af' : '#e5e7eb', 'stroke-width': 1 }));
            axes.appendChild(svg('text', { x: plot.left - 6, y: y(tick) + 4, 'text-anchor': 'end' },
                tickLabel(tick)));
        }
        for (const tick of timeTicks(this.windowMs)) {
            const tx = x(now + tick.offsetMs);
            axes.appendChild(svg('line', { x1: tx, x2: tx, y1: plot.bottom, y2: plot.bottom + 4, stroke: '#9ca3af' }));
            const anchor = tick.offsetMs === 0 ? 'end' : tx - plot.left < 12 ? 'start' : 'middle';
            axes.appendChild(svg('text', { x: tick.offsetMs === 0 ? plot.right : tx, y: plot.bottom + 16,
                'text-anchor': anchor }, tick.label));
        }
        root.appendChild(axes);

        const lines = svg('g', { class: 'rate-chart-lines' });
        this.series.forEach((entry) => {
            const { d, dots } = linePath(this.points, entry.key, x, y);
            const group = svg('g', { class: 'rate-chart-series', 'data-key': entry.key });
            if (d !== '') {
                group.appendChild(svg('path', { d, fill: 'none', stroke: entry.colour, 'stroke-width': 2,
                    'stroke-linejoin': 'round', 'stroke-dasharray': entry.dash }));
            }
            for (const dot of dots) {
                group.appendChild(svg('circle', { cx: dot.x, cy: dot.y, r: 2.5, fill: entry.colour }));
            }
            lines.appendChild(group);
        });
        root.appendChild(lines);
        if (this.points.length === 0) {
            root.appendChild(svg('text', { class: 'rate-chart-empty', x: (plot.left + plot.right) / 2,
                y: (plot.top + plot.bottom) / 2, 'text-anchor': 'middle', fill: '#6b7280' }, 'No data yet'));
        }
        this.container.replaceChildren(root);
        return root;
    }
}
