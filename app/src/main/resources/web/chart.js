// The overview chart: cumulative stored (and original) bytes of complete batches over time, drawn as
// a step chart in plain SVG. Sizes are drawn in the container's own pixels (redrawn on resize) so
// text is never stretched.
import { bytes, dateTime } from './util.js';

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 190;
const M = { top: 12, right: 16, bottom: 26, left: 64 };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY];

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Nice y ticks in binary units: 0, 256 KiB, 512 KiB ... covering max. */
function sizeTicks(max) {
  if (max <= 0) return { top: 1024, ticks: [0, 256, 512, 768, 1024] };
  let unit = 1;
  while (max / unit >= 1024) unit *= 1024;
  const scaled = max / unit;
  const raw = scaled / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) * unit;
  const top = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
  return { top, ticks };
}

function startOfLocalDay(t) {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function timeTicks(from, to, maxTicks) {
  const span = to - from;
  const step = STEPS.find((s) => span / s <= maxTicks) || 365 * DAY;
  const ticks = [];
  let t;
  if (step >= DAY) {
    t = startOfLocalDay(from);
    const days = Math.round(step / DAY);
    while (t < from) t = new Date(t).setDate(new Date(t).getDate() + 1);
    for (; t <= to; t = new Date(t).setDate(new Date(t).getDate() + days)) ticks.push(t);
  } else {
    const offset = new Date(from).getTimezoneOffset() * MINUTE;
    t = Math.ceil((from - offset) / step) * step + offset;
    for (; t <= to; t += step) ticks.push(t);
  }
  return { step, ticks };
}

const DAY_FORMAT = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const YEAR_FORMAT = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function tickLabel(t, step, from, to) {
  if (step >= DAY) return (to - from > 300 * DAY ? YEAR_FORMAT : DAY_FORMAT).format(t);
  const time = TIME_FORMAT.format(t);
  return new Date(t).getHours() === 0 && new Date(t).getMinutes() === 0 ? DAY_FORMAT.format(t) : time;
}

export class StoredChart {
  constructor(container) {
    this.container = container;
    this.points = [];
    new ResizeObserver(() => this.draw()).observe(container);
  }

  /** points: [{time, stored_bytes, original_bytes, batches}] as GET /api/stats/history gives them. */
  set(points) {
    this.points = (points || []).map((p) => ({ ...p, t: new Date(p.time).getTime() }))
      .filter((p) => !Number.isNaN(p.t)).sort((a, b) => a.t - b.t);
    this.draw();
  }

  draw() {
    const width = Math.max(280, Math.floor(this.container.clientWidth));
    const points = this.points;
    const root = svg('svg', { width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img', class: 'chart' });
    root.append(svg('title', {}, 'Stored bytes over time'));
    const plotW = width - M.left - M.right;
    const plotH = HEIGHT - M.top - M.bottom;
    const now = Date.now();

    let from; let to;
    if (points.length === 0) { to = now; from = now - 7 * DAY; }
    else {
      // From the first point to now; a short history is centred in an hour so its steps show.
      const first = points[0].t;
      const last = points[points.length - 1].t;
      from = first;
      to = Math.max(last, now);
      if (to - from < HOUR) {
        const middle = (first + last) / 2;
        from = Math.min(first, middle - HOUR / 2);
        to = Math.max(to, middle + HOUR / 2);
      }
      const pad = (to - from) * 0.03; // keeps the first and the latest step off the plot's edges
      from -= pad;
      to += pad;
    }
    const maxValue = Math.max(0, ...points.map((p) => Math.max(p.stored_bytes, p.original_bytes || 0)));
    const { top, ticks } = sizeTicks(maxValue);
    const x = (t) => M.left + ((t - from) / (to - from)) * plotW;
    const y = (v) => M.top + plotH - (v / top) * plotH;

    const grid = svg('g', { class: 'chart-grid' });
    for (const v of ticks) {
      grid.append(svg('line', { x1: M.left, x2: M.left + plotW, y1: y(v), y2: y(v) }));
      grid.append(svg('text', { x: M.left - 8, y: y(v) + 4, 'text-anchor': 'end', class: 'chart-label' }, bytes(v)));
    }
    const maxTicks = Math.max(2, Math.floor(plotW / 110));
    const time = timeTicks(from, to, maxTicks);
    for (const t of time.ticks) {
      grid.append(svg('line', { x1: x(t), x2: x(t), y1: M.top + plotH, y2: M.top + plotH + 4, class: 'chart-tick' }));
      grid.append(svg('text', { x: x(t), y: HEIGHT - 8, 'text-anchor': 'middle', class: 'chart-label' },
        tickLabel(t, time.step, from, to)));
    }
    grid.append(svg('line', { x1: M.left, x2: M.left + plotW, y1: M.top + plotH, y2: M.top + plotH, class: 'chart-axis' }));
    root.append(grid);

    if (points.length === 0) {
      root.append(svg('text', { x: M.left + plotW / 2, y: M.top + plotH / 2, 'text-anchor': 'middle', class: 'chart-empty' },
        'No complete batches yet: upload something to see the curve'));
      this.container.replaceChildren(root);
      return;
    }

    // Cumulative totals only change at points: a step line, 0 before the first one, flat after the last.
    const stepPath = (key) => {
      let d = `M${x(from)},${y(0)} H${x(points[0].t)}`;
      for (const p of points) d += ` V${y(p[key] || 0)} H${x(p.t)}`;
      return d + ` H${x(to)}`;
    };
    const stored = stepPath('stored_bytes');
    root.append(svg('path', { d: `${stored} V${y(0)} Z`, class: 'chart-area' }));
    root.append(svg('path', { d: stepPath('original_bytes'), class: 'chart-line-original' }));
    root.append(svg('path', { d: stored, class: 'chart-line-stored' }));
    if (points.length <= 60) {
      for (const p of points) root.append(svg('circle', { cx: x(p.t), cy: y(p.stored_bytes), r: 3, class: 'chart-dot' }));
    }

    // Hover: a guide line and a label for the latest point at or before the cursor.
    const guide = svg('line', { y1: M.top, y2: M.top + plotH, class: 'chart-guide', visibility: 'hidden' });
    const tip = svg('text', { y: M.top + 14, class: 'chart-tip', visibility: 'hidden' });
    const hit = svg('rect', { x: M.left, y: M.top, width: plotW, height: plotH, class: 'chart-hit' });
    hit.addEventListener('mousemove', (e) => {
      const box = root.getBoundingClientRect();
      const mx = e.clientX - box.left;
      const t = from + ((mx - M.left) / plotW) * (to - from);
      let p = null;
      for (const q of points) if (q.t <= t) p = q;
      guide.setAttribute('x1', mx); guide.setAttribute('x2', mx);
      guide.setAttribute('visibility', 'visible');
      tip.textContent = p
        ? `${dateTime(p.time)}: ${bytes(p.stored_bytes)} stored, ${bytes(p.original_bytes)} original, ${p.batches} batch${p.batches === 1 ? '' : 'es'}`
        : 'nothing stored yet';
      const left = mx > M.left + plotW / 2;
      tip.setAttribute('x', left ? mx - 8 : mx + 8);
      tip.setAttribute('text-anchor', left ? 'end' : 'start');
      tip.setAttribute('visibility', 'visible');
    });
    hit.addEventListener('mouseleave', () => {
      guide.setAttribute('visibility', 'hidden');
      tip.setAttribute('visibility', 'hidden');
    });
    root.append(guide, tip, hit);
    this.container.replaceChildren(root);
  }
}
