// The project's jobs: paged, newest first, filtered by name, status and tag; batch start, stop and delete. Answers a
// function that stops its polling when people leave it.

import { h, fill, when, statusBadge, STATUSES } from './dom.js';
import { jobsPath } from './paths.js';
import { REFRESH_MS, outOfReach } from './view-parts.js';

const PAGE_SIZES = [10, 20, 50, 100];

/** Per-job answers of a batch (run, stop, delete), aligned with the ids sent, as a list people can read. */
function outcomes(ids, answers, names) {
  return h('ul', { class: 'outcomes' }, ids.map((id, i) => {
    const answer = Array.isArray(answers) ? answers[i] || {} : {};
    const ok = answer.is_success === 'true' || answer.is_success === true;
    return h('li', { class: ok ? 'ok' : 'refused', 'data-job-id': id },
      h('span', { class: 'outcome-mark', 'aria-hidden': 'true' }, ok ? '✓' : '✗'),
      h('span', { class: 'visually-hidden' }, ok ? 'Done: ' : 'Refused: '),
      `Job ${id}${names.get(id) ? ` (${names.get(id)})` : ''}: ${answer.message || ''}`);
  }));
}

/** The project's jobs, paged, newest first, filtered; batch start, stop and delete. */
export function jobsView(ctx) {
  const { api, project, query, every, report, clearReport } = ctx;
  const limit = PAGE_SIZES.includes(Number(query.get('limit'))) ? Number(query.get('limit')) : 10;
  const offset = Math.max(0, Number(query.get('offset')) || 0);
  const filter = { name: query.get('name') || '', status: query.get('status') || '', tags: query.get('tags') || '' };
  const selected = new Set();
  const names = new Map();
  let shown = [];

  const setQuery = (changes) => {
    const next = new URLSearchParams({ ...filter, limit, offset, ...changes });
    for (const [k, v] of [...next]) if (v === '' || (k === 'offset' && v === '0') || (k === 'limit' && v === '10')) next.delete(k);
    location.hash = `#/p/${encodeURIComponent(project)}/jobs${[...next].length ? '?' + next : ''}`;
  };

  const filters = h('form', { role: 'search', class: 'filters', 'aria-label': 'Filter jobs', onsubmit: (e) => {
    e.preventDefault();
    const f = e.target.elements;
    setQuery({ name: f.name.value.trim(), status: f.status.value, tags: f.tags.value.trim(), offset: 0 });
  } },
  h('div', { class: 'field' }, h('label', { for: 'filter-name' }, 'Name contains'),
    h('input', { id: 'filter-name', name: 'name', value: filter.name, maxlength: 128 })),
  h('div', { class: 'field' }, h('label', { for: 'filter-status' }, 'Status'),
    h('select', { id: 'filter-status', name: 'status' }, h('option', { value: '' }, 'Any status'),
      STATUSES.map((s) => h('option', { value: s, selected: s === filter.status }, s)))),
  h('div', { class: 'field' }, h('label', { for: 'filter-tags' }, 'Tag (key=value)'),
    h('input', { id: 'filter-tags', name: 'tags', value: filter.tags, maxlength: 400, placeholder: 'team=ads' })),
  h('button', { type: 'submit' }, 'Filter'),
  h('button', { type: 'button', class: 'secondary', onclick: () => setQuery({ name: '', status: '', tags: '', offset: 0 }) },
    'Clear filters'));

  const resumeBox = h('input', { type: 'checkbox', id: 'batch-resume' });
  const savepointBox = h('input', { type: 'checkbox', id: 'batch-savepoint' });
  const selectionNote = h('span', { id: 'selection', class: 'muted', 'aria-live': 'polite' }, 'No job selected');
  const result = h('div', { id: 'batch-result', 'aria-live': 'polite' });
  const batchButtons = [];
  const batch = async (kind) => {
    const ids = shown.map((j) => j.job_id).filter((id) => selected.has(id));
    if (!ids.length) return;
    if (kind === 'delete' && !window.confirm(`Delete ${ids.length} job(s)? This cannot be undone.`)) return;
    clearReport();
    batchButtons.forEach((b) => { b.disabled = true; });
    try {
      const body = { job_ids: ids };
      if (kind === 'run') body.resume_savepoint = resumeBox.checked;
      if (kind === 'stop') body.trigger_savepoint = savepointBox.checked;
      const answers = await api.call('POST', jobsPath(project, 'jobs', kind), { body });
      fill(result, h('h2', {}, { run: 'Start', stop: 'Stop', delete: 'Delete' }[kind] + ': one outcome per job'),
        outcomes(ids, answers, names));
      if (kind === 'delete') ids.forEach((id) => selected.delete(id));
      await refresh();
    } catch (e) {
      report(e);
    } finally {
      updateSelection();
    }
  };
  const toolbar = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Batch operations on the selected jobs' },
    selectionNote,
    h('span', { class: 'batch' }, h('button', { type: 'button', onclick: () => batch('run') }, 'Start selected'),
      resumeBox, h('label', { for: 'batch-resume' }, 'from their savepoints')),
    h('span', { class: 'batch' }, h('button', { type: 'button', onclick: () => batch('stop') }, 'Stop selected'),
      savepointBox, h('label', { for: 'batch-savepoint' }, 'with savepoints')),
    h('button', { type: 'button', class: 'danger', onclick: () => batch('delete') }, 'Delete selected'));
  batchButtons.push(...toolbar.querySelectorAll('button'));

  const all = h('input', { type: 'checkbox', id: 'select-all', 'aria-label': 'Select every job on this page',
    onchange: (e) => {
      shown.forEach((j) => (e.target.checked ? selected.add(j.job_id) : selected.delete(j.job_id)));
      body.querySelectorAll('input[type=checkbox]').forEach((c) => { c.checked = e.target.checked; });
      updateSelection();
    } });
  const body = h('tbody');
  const caption = h('caption', {}, 'Jobs');
  const table = h('table', { class: 'jobs', id: 'jobs' }, caption,
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, all), ['ID', 'Name', 'Type', 'Status', 'Why', 'Created']
      .map((t) => h('th', { scope: 'col' }, t)))), body);
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of jobs' });

  function updateSelection() {
    const count = shown.filter((j) => selected.has(j.job_id)).length;
    selectionNote.textContent = count ? `${count} job(s) selected` : 'No job selected';
    batchButtons.forEach((b) => { b.disabled = count === 0; });
    all.checked = count > 0 && count === shown.length;
  }

  function row(job) {
    names.set(job.job_id, job.name);
    const box = h('input', { type: 'checkbox', checked: selected.has(job.job_id), 'aria-label': `Select job ${job.job_id} ${job.name || ''}`,
      onchange: (e) => {
        if (e.target.checked) selected.add(job.job_id);
        else selected.delete(job.job_id);
        updateSelection();
      } });
    return h('tr', { 'data-job-id': job.job_id, 'data-status': job.status },
      h('td', {}, box),
      h('td', {}, String(job.job_id)),
      h('td', {}, h('a', { href: ctx.link('p', project, 'jobs', String(job.job_id)) }, job.name || `Job ${job.job_id}`)),
      h('td', {}, job.job_type || ''),
      h('td', {}, statusBadge(job.status)),
      h('td', { class: 'why' }, job.status_desc || ''),
      h('td', { class: 'when' }, when(job.create_time)));
  }

  async function refresh() {
    const answer = await api.call('GET', jobsPath(project, 'jobs'), {
      query: [['name', filter.name], ['status', filter.status], ['tags', filter.tags], ['order', 'desc'],
        ['limit', limit], ['offset', offset]],
    });
    const list = answer.job_list || { total_count: 0, jobs: [] };
    shown = list.jobs || [];
    const total = Number(list.total_count || 0);
    body.replaceChildren(...(shown.length ? shown.map(row)
      : [h('tr', {}, h('td', { colspan: 7, class: 'muted' }, total ? 'No jobs on this page.' : 'No jobs match.'))]));
    caption.textContent = `Jobs of project ${project}: ${total} in all${filter.name || filter.status || filter.tags ? ' matching the filters' : ''}`;
    const last = Math.min(offset + shown.length, total);
    fill(pager,
      h('button', { type: 'button', disabled: offset === 0, onclick: () => setQuery({ offset: Math.max(0, offset - limit) }) }, 'Previous page'),
      h('span', { class: 'muted' }, total ? `${offset + 1}–${last} of ${total}` : '0 of 0'),
      h('button', { type: 'button', disabled: offset + limit >= total, onclick: () => setQuery({ offset: offset + limit }) }, 'Next page'),
      h('label', { for: 'page-size' }, 'Per page'),
      h('select', { id: 'page-size', onchange: (e) => setQuery({ limit: Number(e.target.value), offset: 0 }) },
        PAGE_SIZES.map((n) => h('option', { value: n, selected: n === limit }, String(n)))));
    updateSelection();
    if (table.getAttribute('aria-busy') === 'true') {
      table.setAttribute('aria-busy', 'false');
      // The list is on screen and its controls answer: what the console's benchmark times (User Timing).
      performance.mark('dlirun:jobs-shown');
    }
  }

  table.setAttribute('aria-busy', 'true');
  fill(ctx.main, h('h1', {}, 'Jobs'), filters, toolbar, result, h('div', { class: 'table-scroll' }, table), pager);
  updateSelection();
  let left = false;
  const stop = every(REFRESH_MS, async () => {
    try {
      await refresh();
    } catch (e) {
      if (outOfReach(e)) {
        // Asking again every few seconds would only repeat the refusal.
        stop();
        if (!left) fill(ctx.main, h('h1', {}, 'Jobs'), h('p', { class: 'error', role: 'alert', id: 'jobs-error' }, e.text));
        return;
      }
      throw e;
    }
  });
  return () => {
    left = true;
    stop();
  };
}
