// One job: its status and why, definition and settings, rates, operator graph, run in Flink, checkpoints,
// savepoints, exceptions and log; start, stop, trigger, edit, delete. Answers a function that stops its polling.

import { h, fill, when, duration, bytes, statusBadge, statusKind } from './dom.js';
import { jobsPath, genGraphPath } from './paths.js';
import { REFRESH_MS, ranOnFlink, outOfReach, facts, section } from './view-parts.js';
import { SqlEditor } from './editor.js';
import { renderGraph } from './graph.js';
import { RateChart } from './chart.js';

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
