// Small helpers to build the page from data. Text always goes in as text (textContent), never as HTML: job names,
// SQL and error messages come from users.

/**
 * An element: h('button', {type: 'button', onclick: f, class: 'x'}, 'Label', child...). Attributes whose value is
 * null, undefined or false are left out; `true` sets an empty attribute; functions named on* become listeners.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'value' || name === 'checked' || name === 'selected') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A date and time from epoch milliseconds, in the browser's zone; '—' for none. */
export function when(ms) {
  if (!ms || ms <= 0) return '—';
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A duration in milliseconds, e.g. "2 h 3 min", "41 s". */
export function duration(ms) {
  if (ms === null || ms === undefined || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours} h ${m % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A number of bytes, e.g. "6.5 KiB". */
export function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** A status as a badge whose class names its kind (running, failed, stopped, busy, idle). */
export function statusBadge(status) {
  return h('span', { class: `status status-${statusKind(status)}` }, status || 'unknown');
}

/** What kind of status it is, for colour and for people. */
export function statusKind(status) {
  switch (status) {
    case 'job_running':
      return 'running';
    case 'job_submit_fail':
    case 'job_running_exception':
    case 'job_cancel_fail':
    case 'job_arrearage_stopped':
      return 'failed';
    case 'job_submitting':
    case 'job_canceling':
    case 'job_savepointing':
    case 'job_downloading':
    case 'job_arrearage_recovering':
      return 'busy';
    case 'job_cancel_success':
    case 'job_finish':
      return 'stopped';
    default:
      return 'idle';
  }
}

/** Every status DLI knows (contract.md 7.7), in the order people read them. */
export const STATUSES = ['job_init', 'job_submitting', 'job_submit_fail', 'job_running', 'job_running_exception',
  'job_downloading', 'job_idle', 'job_canceling', 'job_cancel_success', 'job_cancel_fail', 'job_savepointing',
  'job_arrearage_stopped', 'job_arrearage_recovering', 'job_finish'];
