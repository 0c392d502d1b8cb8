// What the views share: how often they look again, what a job's status allows asking, and the blocks they
// draw with.

import { h } from './dom.js';

/** How often a view asks again while it is shown: the statuses update by themselves. */
export const REFRESH_MS = 5000;

/**
 * Whether the job's latest launch got onto Flink, so that its run, checkpoints and exceptions may be asked for. A
 * start_time says it ran; a failed or finished run says so too, even without one: a run that fails within a second or
 * two is never seen running, and its exceptions are what people come for.
 */
export function ranOnFlink(job) {
  return job.status !== 'job_submitting'
    && (Boolean(job.start_time) || job.status === 'job_running_exception' || job.status === 'job_finish');
}

/** Whether the service said the project or the job is not the caller's to see: nothing on the page can change that. */
export function outOfReach(error) {
  return error.code === 'DLI.16001' || error.code === 'DLI.0003';
}

/** Key/value rows of a definition list, skipping what is not set. */
export function facts(entries) {
  return h('dl', { class: 'facts' }, entries.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v instanceof Node ? v : String(v))]));
}

/** A part of a view, with a heading that names it to assistive technology. */
export function section(id, title, ...content) {
  return h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...content);
}
