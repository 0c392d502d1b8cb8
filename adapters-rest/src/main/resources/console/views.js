// The console's views: the project's jobs, one job, and the SQL editor. Each draws from the API's answers only, and
// answers a function that stops what it started (its polling) when people leave it.

import { h, fill, when, duration, bytes, statusBadge, statusKind, STATUSES } from './dom.js';
import { SqlEditor, mistakePlace } from './editor.js';
import { renderGraph } from './graph.js';
import { RateChart } from './chart.js';

const PAGE_SIZES = [10, 20, 50, 100];
/** How often a view asks again while it is shown: the statuses update by themselves. */
const REFRESH_MS = 5000;

/** A path of DLI's streaming API, each part encoded: jobsPath('demo', 'jobs', '131') → /v1.0/demo/streaming/jobs/131. */
function jobsPath(project, ...rest) {
  return ['/v1.0', project, 'streaming', ...rest].map((part, i) => (i ? encodeURIComponent(String(part)) : part)).join('/');
}

/** The gen-graph check of a job (an extension under /v3, as DLI's). */
function genGraphPath(project, jobId) {
  return ['/v3', project, 'streaming', 'jobs', jobId, 'gen-graph'].map((part, i) => (i ? encodeURIComponent(String(part)) : part)).join('/');
}

/**
 * Whether the job's latest launch got onto Flink, so that its run, checkpoints and exceptions may be asked for. A
 * start_time says it ran; a failed or finished run says so too, even without one: a run that fails within a second or
 * two is never seen running, and its exceptions are what people come for.
 */
function ranOnFlink(job) {
  return job.status !== 'job_submitting'
    && (Boolean(job.start_time) || job.status === 'job_running_exception' || job.status === 'job_finish');
}

/** Whether the service said the project or the job is not the caller's to see: nothing on the page can change that. */
function outOfReach(error) {
  return error.code === 'DLI.16001' || error.code === 'DLI.0003';
}

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

/** Key/value rows of a definition list, skipping what is not set. */
function facts(entries) {
  return h('dl', { class: 'facts' }, entries.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v instanceof Node ? v : String(v))]));
}

function section(id, title, ...content) {
  return h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...content);
}

/** One job: status, why, definition, settings, rates, graph, checkpoints, savepoints, failures, log. */
export function jobView(ctx, jobIdText) {
  const { api, project, every, report, clearReport } = ctx;
  // jobIdText is the address's, checked to be digits (route.js); the API's batch operations take it as a number.
  const jobId = Number(jobIdText);
  const path = (...rest) => jobsPath(project, 'jobs', jobIdText, ...rest);
  let left = false;
  let job = null;
  let lastStatus = null;
  let chart = null;
  let ticks = 0;
  let ratesRefused = false;
  const stops = [];

  const heading = h('h1', { id: 'job-title' }, `Job ${jobIdText}`);
  const statusLine = h('p', { class: 'status-line', 'aria-live': 'polite' });
  const why = h('p', { id: 'status-desc', class: 'why' });
  const actionResult = h('div', { id: 'action-result', 'aria-live': 'polite' });
  const resumeBox = h('input', { type: 'checkbox', id: 'job-resume' });
  const savepointBox = h('input', { type: 'checkbox', id: 'job-stop-savepoint' });
  const definition = h('div', { id: 'definition-body' });
  const settings = h('div');
  const rates = h('div', { id: 'rates-chart', class: 'chart' });
  const ratesNote = h('p', { class: 'muted' });
  const graph = h('div', { id: 'graph-body', class: 'graph' });
  const graphNote = h('p', { class: 'muted' });
  const run = h('div', { id: 'run-body' });
  const checkpoints = h('div', { id: 'checkpoints-body' });
  const savepoints = h('div', { id: 'savepoints-body' });
  const exceptions = h('div', { id: 'exceptions-body' });
  const log = h('pre', { id: 'log-body', class: 'log', tabindex: '0', 'aria-label': 'The job\'s last log lines' });
  const logNote = h('p', { class: 'muted' });

  const act = async (label, call) => {
    clearReport();
    try {
      const answer = await call();
      const first = Array.isArray(answer) ? answer[0] || {} : answer;
      const ok = first.is_success === 'true' || first.is_success === true;
      fill(actionResult, h('p', { class: ok ? 'ok' : 'refused' }, `${label}: ${first.message || (ok ? 'done' : 'refused')}`));
      await refresh();
    } catch (e) {
      report(e);
    }
  };
  const actions = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Job actions' },
    h('span', { class: 'batch' }, h('button', { type: 'button', id: 'start-job', onclick: () => act('Start',
      () => api.call('POST', jobsPath(project, 'jobs', 'run'), { body: { job_ids: [jobId], resume_savepoint: resumeBox.checked } })) }, 'Start'),
    resumeBox, h('label', { for: 'job-resume' }, 'from its savepoint')),
    h('span', { class: 'batch' }, h('button', { type: 'button', id: 'stop-job', onclick: () => act('Stop',
      () => api.call('POST', jobsPath(project, 'jobs', 'stop'), { body: { job_ids: [jobId], trigger_savepoint: savepointBox.checked } })) }, 'Stop'),
    savepointBox, h('label', { for: 'job-stop-savepoint' }, 'with a savepoint')),
    h('button', { type: 'button', id: 'trigger-savepoint', onclick: () => act('Savepoint',
      () => api.call('POST', path('savepoint'), { body: { action: 'TRIGGER' } })) }, 'Trigger a savepoint'),
    h('a', { class: 'button', id: 'edit-job', href: ctx.link('p', project, 'jobs', jobIdText, 'edit') }, 'Edit'),
    h('button', { type: 'button', class: 'danger', onclick: async () => {
      if (!window.confirm(`Delete job ${jobIdText}? This cannot be undone.`)) return;
      try {
        await api.call('DELETE', path());
        ctx.go('p', project, 'jobs');
      } catch (e) {
        report(e);
      }
    } }, 'Delete'));

  const importForm = h('form', { class: 'inline-form', onsubmit: (e) => {
    e.preventDefault();
    const value = e.target.elements.path.value.trim();
    act('Import', () => api.call('POST', path('import-savepoint'), { body: { savepoint_path: value } }));
  } },
  h('label', { for: 'import-path' }, 'Import a savepoint from'),
  h('input', { id: 'import-path', name: 'path', required: true, maxlength: 1024, placeholder: 'savepoints/…/savepoint-…' }),
  h('button', { type: 'submit' }, 'Import'));

  const logButton = h('button', { type: 'button', onclick: () => loadLog().catch(report) }, 'Refresh the log');
  const toc = h('nav', { class: 'toc', 'aria-label': 'Parts of the job' }, [['definition', 'Definition'],
    ['rates', 'Rates'], ['graph', 'Graph'], ['run', 'Run'], ['checkpoints', 'Checkpoints'], ['savepoints', 'Savepoints'],
    ['exceptions', 'Exceptions'], ['log', 'Log']].map(([id, t]) => h('a', { href: `#${id}`, onclick: (e) => {
    e.preventDefault();
    document.getElementById(id).scrollIntoView();
    document.getElementById(`${id}-title`).focus();
  } }, t)));

  fill(ctx.main, h('p', {}, h('a', { href: ctx.link('p', project, 'jobs') }, '← All jobs')), heading, statusLine,
    why, actions, actionResult, toc,
    section('definition', 'Definition', definition, settings),
    section('rates', 'Records per second', ratesNote, rates),
    section('graph', 'Operator graph', graphNote, graph),
    section('run', 'Run in Flink', run),
    section('checkpoints', 'Checkpoints', checkpoints),
    section('savepoints', 'Savepoints', savepoints, importForm),
    section('exceptions', 'Exceptions', exceptions),
    section('log', 'Log', logButton, logNote, log));
  ctx.main.querySelectorAll('section h2').forEach((t) => t.setAttribute('tabindex', '-1'));

  function showDefinition() {
    const jar = job.job_type === 'flink_jar_job' || job.main_class || job.entrypoint;
    const config = job.job_config || {};
    // The editor writes SQL jobs; a jar job is changed through the API (flink-jobs).
    actions.querySelector('#edit-job').hidden = Boolean(jar);
    if (jar) {
      fill(definition, facts([['Jar', config.entrypoint || job.entrypoint], ['Main class', job.main_class],
        ['Arguments', job.entrypoint_args], ['Dependency jars', (config.dependency_jars || []).join(', ')]]));
    } else {
      const editor = new SqlEditor({ id: 'job-sql', label: 'The job\'s SQL', value: job.sql_body || '', readOnly: true });
      fill(definition, editor.element);
    }
    fill(settings, h('h3', {}, 'Settings'), facts([['Type', job.job_type], ['Description', job.desc],
      ['Parallelism', config.parallel_number], ['Checkpoints', config.checkpoint_enabled
        ? `every ${config.checkpoint_interval} s, ${config.checkpoint_mode}` : 'off'],
      ['Restart when it fails', config.restart_when_exception === undefined ? undefined : config.restart_when_exception ? 'yes' : 'no'],
      ['Queue', job.queue_name], ['Created', when(job.create_time)], ['Updated', when(job.update_time)],
      ['Started', job.start_time ? when(job.start_time) : undefined], ['Has a savepoint', job.has_savepoint ? 'yes' : 'no'],
      ['Savepoint', job.savepoint_path], ['Restarts', job.restart_times]]));
  }

  async function drawGraph() {
    if (job.job_type === 'flink_jar_job' || !job.sql_body) {
      fill(graphNote, 'The graph is drawn for SQL jobs from their check (gen-graph); this job has no SQL.');
      graph.replaceChildren();
      return;
    }
    try {
      const answer = await api.call('POST', genGraphPath(project, jobIdText),
        { body: { graph_type: 'simple_graph' }, timeoutMs: 120000 });
      if (answer.is_success === true || answer.is_success === 'true') {
        fill(graphNote, 'The operators of the job\'s SQL as it plans now (the gen-graph check).');
        // The text as answered: renderGraph reads it, and says so when it cannot.
        renderGraph(graph, answer.stream_graph);
      } else {
        fill(graphNote, `The SQL does not plan: ${answer.error_code}: ${answer.message}`);
        graph.replaceChildren();
      }
    } catch (e) {
      fill(graphNote, e.text || e.message);
    }
  }

  async function loadSavepoints() {
    try {
      const answer = await api.call('GET', path('savepoints'));
      const list = answer.savepoints || [];
      fill(savepoints, list.length ? h('table', {}, h('caption', {}, `${list.length} savepoint(s), newest first`),
        h('thead', {}, h('tr', {}, ['Taken', 'How', 'Path', 'Current'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, list.map((s) => h('tr', {}, h('td', {}, when(s.taken_at)), h('td', {}, s.origin),
          h('td', { class: 'path' }, s.path), h('td', {}, s.current ? 'current' : '')))))
        : h('p', { class: 'muted' }, 'No savepoint yet.'));
    } catch (e) {
      fill(savepoints, h('p', { class: 'muted' }, e.text || e.message));
    }
  }

  async function loadExceptions() {
    try {
      const answer = await api.call('GET', path('exceptions'));
      const ex = answer.exceptions || {};
      const history = ex.history || [];
      fill(exceptions,
        ex.root_cause ? h('div', { class: 'root-cause' }, h('h3', {}, 'Root cause'), facts([['What', ex.root_cause.cause],
          ['When', when(ex.root_cause.timestamp)], ['Task', ex.root_cause.task_name], ['Where', ex.root_cause.location]]))
          : h('p', { class: 'muted' }, 'No failure in the latest run.'),
        history.length ? h('table', { id: 'exception-history' }, h('caption', {}, `Exception history (${history.length}${ex.truncated ? ', cut' : ''})`),
          h('thead', {}, h('tr', {}, ['When', 'What', 'Task', 'Where'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, history.map((f) => h('tr', {}, h('td', {}, when(f.timestamp)), h('td', { class: 'why' }, f.cause),
            h('td', {}, f.task_name || ''), h('td', {}, f.location || ''))))) : null);
    } catch (e) {
      fill(exceptions, h('p', { class: 'muted' }, e.text || e.message));
    }
  }

  async function loadRun() {
    try {
      const answer = await api.call('GET', path('execute-graph'));
      const g = answer.execute_graph || {};
      fill(run, facts([['Flink job', g.jid], ['Flink\'s state', g.state], ['Started', when(g['start-time'])],
        ['Ended', g['end-time'] > 0 ? when(g['end-time']) : 'running'], ['Duration', duration(g.duration)],
        ['Stoppable by Flink', g.isStoppable === undefined ? undefined : g.isStoppable ? 'yes' : 'no']]));
    } catch (e) {
      fill(run, h('p', { class: 'muted' }, e.text || e.message));
    }
  }

  async function loadCheckpoints() {
    try {
      const answer = await api.call('GET', path('checkpoints'));
      const c = answer.checkpoints || {};
      const latest = c.latest_completed;
      const failed = c.latest_failed;
      fill(checkpoints, facts([['Enabled', c.enabled ? 'yes' : 'no'], ['Completed', c.completed], ['Failed', c.failed],
        ['In progress', c.in_progress],
        ['Latest completed', latest ? `#${latest.id} at ${when(latest.completion_time)}, ${duration(latest.duration)}, ${bytes(latest.state_size)}` : undefined],
        ['Latest failed', failed ? `#${failed.id} at ${when(failed.failure_time || failed.trigger_time)}: ${failed.failure_message || ''}` : undefined]]));
    } catch (e) {
      fill(checkpoints, h('p', { class: 'muted' }, e.text || e.message));
    }
  }

  async function loadLog() {
    const answer = await api.call('GET', path('logs'));
    const lines = answer.lines || [];
    fill(logNote, [answer.missing, answer.truncated ? 'Only the last lines are shown.' : ''].filter(Boolean).join(' '));
    log.textContent = lines.length ? lines.map((l) => `[${l.process}] ${l.line}`).join('\n') : '(no lines)';
  }

  async function sampleRates() {
    if (!chart || ratesRefused) return;
    let answer;
    try {
      answer = await api.call('POST', jobsPath(project, 'jobs', 'metrics'), { body: { job_ids: [jobId] } });
    } catch (e) {
      if (e.code !== 'DLI.0007') throw e;
      // This engine keeps no numbers (the simulated one, say): said once, under the chart, and not asked again.
      ratesRefused = true;
      fill(ratesNote, e.text);
      return;
    }
    const entry = ((answer.metrics || {}).jobs || [])[0] || {};
    const m = entry.metrics;
    if (m) {
      chart.add(Date.now(), { read: m.total_read_rate ?? null, write: m.total_write_rate ?? null });
      fill(ratesNote, `Sources read ${(m.sources || []).reduce((n, s) => n + (s.records || 0), 0)} records, sinks wrote ${(m.sinks || []).reduce((n, s) => n + (s.records || 0), 0)} (this run).`);
    } else {
      chart.add(Date.now(), { read: null, write: null });
      fill(ratesNote, entry.metrics_unavailable || 'No numbers for this job.');
    }
    chart.render();
  }

  async function refresh() {
    const answer = await api.call('GET', path());
    job = answer.job_detail || {};
    heading.textContent = `Job ${job.job_id}: ${job.name || ''}`;
    document.title = `${job.name || `Job ${job.job_id}`} · dlirun console`;
    fill(statusLine, 'Status: ', statusBadge(job.status));
    statusLine.dataset.status = job.status;
    fill(why, job.status_desc ? [h('strong', {}, 'Why: '), job.status_desc] : '');
    resumeBox.disabled = !job.has_savepoint;
    // What the service would refuse in this status is not offered (the batch operations on the list still try,
    // and show the service's answer).
    const startable = !['job_running', 'job_submitting', 'job_canceling', 'job_savepointing'].includes(job.status);
    const stoppable = ['job_running', 'job_submitting', 'job_running_exception'].includes(job.status);
    actions.querySelector('#start-job').disabled = !startable;
    actions.querySelector('#stop-job').disabled = !stoppable;
    actions.querySelector('#trigger-savepoint').disabled = job.status !== 'job_running';
    if (job.status !== lastStatus) {
      const first = lastStatus === null;
      lastStatus = job.status;
      showDefinition();
      if (first) drawGraph();
      if (ranOnFlink(job)) {
        await Promise.all([loadSavepoints(), loadExceptions(), loadRun(), loadCheckpoints(), loadLog().catch(() => {})]);
      } else {
        // Not on Flink (yet): there is no run to ask about (the service would answer DLI.0007 for each).
        const none = () => h('p', { class: 'muted' }, job.status === 'job_submitting'
          ? 'The job is being submitted to Flink.' : 'The job has not run on Flink yet.');
        fill(run, none());
        fill(checkpoints, none());
        fill(exceptions, none());
        await Promise.all([loadSavepoints(), loadLog().catch(() => {})]);
      }
    }
  }

  chart = new RateChart(rates, { label: 'Records per second', windowMs: 5 * 60 * 1000,
    series: [{ key: 'read', name: 'Read by sources' }, { key: 'write', name: 'Written by sinks' }] });
  stops.push(every(REFRESH_MS, async () => {
    try {
      await refresh();
    } catch (e) {
      if (outOfReach(e)) {
        // An answer that arrives after people left must not draw over the page they went to.
        if (!left) fill(ctx.main, h('h1', {}, `Job ${jobIdText}`), h('p', { class: 'error', role: 'alert', id: 'job-error' }, e.text));
        stops.forEach((s) => s());
        return;
      }
      throw e;
    }
    const kind = statusKind(job.status);
    if (kind === 'running' && job.start_time) {
      await sampleRates();
      // Checkpoints come every few seconds at most; every third look is enough.
      if (ticks++ % 3 === 0) await loadCheckpoints();
    } else if (kind === 'failed' && ranOnFlink(job) && ticks++ % 3 === 0) {
      // Flink may still be adding to the history of a run that just failed (restarts, concurrent failures).
      await loadExceptions();
    }
  }));
  return () => {
    left = true;
    stops.forEach((s) => s());
  };
}

const CHECKPOINT_MODES = [['exactly_once', 'Exactly once'], ['at_least_once', 'At least once']];

/** Creates a SQL job (jobIdText null) or edits one; checks its SQL with gen-graph and marks the mistake. */
export function editView(ctx, jobIdText) {
  const { api, project, report, clearReport } = ctx;
  let jobId = jobIdText ? Number(jobIdText) : null;
  let loaded = null;
  let left = false;
  const editor = new SqlEditor({ id: 'sql', label: 'SQL' });
  const note = h('div', { id: 'edit-note' });
  const checkResult = h('div', { id: 'check-result', 'aria-live': 'polite' });
  const templates = h('select', { id: 'template' }, h('option', { value: '' }, 'No template'));
  const field = (id, label, input) => h('div', { class: 'field' }, h('label', { for: id }, label), input);
  const form = h('form', { class: 'edit', onsubmit: (e) => {
    e.preventDefault();
    save().catch(report);
  } },
  field('name', 'Name', h('input', { id: 'name', name: 'name', required: true, maxlength: 57, autocomplete: 'off' })),
  field('desc', 'Description', h('input', { id: 'desc', name: 'desc', maxlength: 512, autocomplete: 'off' })),
  h('div', { class: 'row' },
    field('parallel', 'Parallelism', h('input', { id: 'parallel', name: 'parallel', type: 'number', min: 1, max: 1000, value: 1 })),
    field('checkpoint-interval', 'Checkpoint every (s)', h('input', { id: 'checkpoint-interval', name: 'interval', type: 'number', min: 1, max: 86400, value: 10 })),
    field('checkpoint-mode', 'Checkpoint mode', h('select', { id: 'checkpoint-mode', name: 'mode' },
      CHECKPOINT_MODES.map(([v, t]) => h('option', { value: v }, t))))),
  h('div', { class: 'row checks' },
    h('span', {}, h('input', { type: 'checkbox', id: 'checkpoints', name: 'checkpoints', checked: true }),
      h('label', { for: 'checkpoints' }, 'Checkpoints on')),
    h('span', {}, h('input', { type: 'checkbox', id: 'restart', name: 'restart' }),
      h('label', { for: 'restart' }, 'Restart when it fails'))),
  jobId ? null : field('tags', 'Tags (key=value, comma separated)', h('input', { id: 'tags', name: 'tags', maxlength: 2000, autocomplete: 'off' })),
  field('template', 'Start from a template', templates),
  h('div', { class: 'field' }, h('label', { for: 'sql' }, 'SQL'), editor.element),
  checkResult,
  h('div', { class: 'toolbar' },
    h('button', { type: 'button', id: 'check', onclick: () => check().catch(report) }, 'Check'),
    h('button', { type: 'submit', id: 'save' }, jobId ? 'Save changes' : 'Create'),
    h('a', { class: 'button secondary', href: jobId ? ctx.link('p', project, 'jobs', String(jobId)) : ctx.link('p', project, 'jobs') }, 'Cancel')));
  const title = h('h1', {}, jobId ? `Edit job ${jobId}` : 'New SQL job');
  const graph = h('div', { id: 'check-graph', class: 'graph' });
  fill(ctx.main, title, note, form, graph);
  const els = form.elements;

  templates.addEventListener('change', () => {
    const chosen = templates.selectedOptions[0];
    if (chosen && chosen.value) {
      editor.value = chosen.dataset.sql || '';
      // A template's name is free text; a job's takes letters, digits, '-', '_' and '.', up to 57 of them.
      if (!els.name.value) els.name.value = chosen.textContent.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 57);
    }
  });

  function body() {
    const b = {
      name: els.name.value.trim(), desc: els.desc.value, sql_body: editor.value,
      parallel_number: Number(els.parallel.value) || 1, checkpoint_enabled: els.checkpoints.checked,
      checkpoint_interval: Number(els.interval.value) || 10, checkpoint_mode: els.mode.value,
      restart_when_exception: els.restart.checked,
    };
    if (!jobId && els.tags.value.trim()) {
      b.tags = els.tags.value.split(',').map((t) => t.trim()).filter(Boolean).map((t) => {
        const eq = t.indexOf('=');
        return eq < 0 ? { key: t } : { key: t.slice(0, eq).trim(), value: t.slice(eq + 1).trim() };
      });
    }
    return b;
  }

  /** Only what changed: a running job may change a few settings only, and would refuse an unchanged SQL body too. */
  function changes() {
    const b = body();
    const config = (loaded && loaded.job_config) || {};
    const before = {
      name: loaded.name, desc: loaded.desc || '', sql_body: loaded.sql_body || '', parallel_number: config.parallel_number,
      checkpoint_enabled: config.checkpoint_enabled, checkpoint_interval: config.checkpoint_interval,
      checkpoint_mode: config.checkpoint_mode, restart_when_exception: config.restart_when_exception,
    };
    return Object.fromEntries(Object.entries(b).filter(([k, v]) => before[k] !== v));
  }

  async function create() {
    const answer = await api.call('POST', jobsPath(project, 'sql-jobs'), { body: body() });
    jobId = answer.job.job_id;
    loaded = (await api.call('GET', jobsPath(project, 'jobs', String(jobId)))).job_detail;
    history.replaceState(null, '', ctx.link('p', project, 'jobs', String(jobId), 'edit'));
    title.textContent = `Edit job ${jobId}`;
    form.querySelector('#save').textContent = 'Save changes';
    form.querySelector('.toolbar a').setAttribute('href', ctx.link('p', project, 'jobs', String(jobId)));
    const tags = form.querySelector('#tags');
    if (tags) tags.closest('.field').remove();
  }

  async function save() {
    clearReport();
    if (!form.reportValidity()) return;
    if (!jobId) {
      await create();
      ctx.go('p', project, 'jobs', String(jobId));
      return;
    }
    const changed = changes();
    if (Object.keys(changed).length) {
      await api.call('PUT', jobsPath(project, 'sql-jobs', String(jobId)), { body: changed });
    }
    ctx.go('p', project, 'jobs', String(jobId));
  }

  async function check() {
    clearReport();
    if (!jobId) {
      if (!form.reportValidity()) return;
      await create();
      fill(note, h('p', { class: 'muted' }, `Checking needs a job: the new job was saved as draft ${jobId} (job_init); nothing runs until it is started.`));
    }
    const button = form.querySelector('#check');
    button.disabled = true;
    fill(checkResult, h('p', { class: 'muted' }, 'Checking…'));
    try {
      const answer = await api.call('POST', genGraphPath(project, jobId), {
        body: { sql_body: editor.value, graph_type: 'simple_graph', parallel_number: Number(els.parallel.value) || 1 },
        timeoutMs: 120000,
      });
      if (answer.is_success === true || answer.is_success === 'true') {
        editor.markFine('The SQL plans: no mistake found.');
        fill(checkResult, h('p', { class: 'ok' }, 'Check passed. Its operators:'));
        renderGraph(graph, answer.stream_graph);
      } else {
        const place = mistakePlace(answer.message);
        fill(checkResult, h('p', { class: 'refused', role: 'alert' }, `${answer.error_code}: ${answer.message}`));
        if (place) editor.markError(place.line, place.column, answer.message);
        graph.replaceChildren();
      }
    } finally {
      button.disabled = false;
    }
  }

  (async () => {
    try {
      const list = await api.call('GET', jobsPath(project, 'job-templates'), { query: [['limit', 100]] });
      for (const t of (list.template_list || {}).templates || []) {
        const option = h('option', { value: t.template_id }, t.name);
        option.dataset.sql = t.sql_body || '';
        templates.append(option);
      }
    } catch (e) {
      templates.disabled = true;
    }
    if (jobId) {
      try {
        loaded = (await api.call('GET', jobsPath(project, 'jobs', String(jobId)))).job_detail;
      } catch (e) {
        if (left) return;
        if (e.status === 401) {
          report(e); // signs out
          return;
        }
        fill(ctx.main, h('h1', {}, `Job ${jobId}`), h('p', { class: 'error', role: 'alert', id: 'job-error' }, e.text || e.message));
        return;
      }
      const config = loaded.job_config || {};
      els.name.value = loaded.name || '';
      els.desc.value = loaded.desc || '';
      els.parallel.value = config.parallel_number || 1;
      els.interval.value = config.checkpoint_interval || 10;
      els.mode.value = config.checkpoint_mode || 'exactly_once';
      els.checkpoints.checked = Boolean(config.checkpoint_enabled);
      els.restart.checked = Boolean(config.restart_when_exception);
      editor.value = loaded.sql_body || '';
      if (['job_running', 'job_submitting', 'job_running_exception'].includes(loaded.status)) {
        fill(note, h('p', { class: 'notice' }, `This job is ${loaded.status}: while it runs only a few settings may `
          + 'change (the service says which if you try more). Stop it first to change its SQL or parallelism.'));
      }
    }
  })();
  return () => {
    left = true;
  };
}
