// Writing a SQL job: create one or change one, start from a template, and check its SQL (gen-graph) with the
// mistake marked in the editor.

import { h, fill } from './dom.js';
import { jobsPath, genGraphPath } from './paths.js';
import { SqlEditor, mistakePlace } from './editor.js';
import { renderGraph } from './graph.js';

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
