// The console's addresses: the part after '#', e.g. #/p/demo/jobs/131?offset=10. Pure (no DOM): tested under Node.
//
// An address comes from whoever wrote the link, so its project and job id are checked here, before any view puts
// them in a path of the API: the browser resolves '.' and '..' in a fetch's path (even written %2E%2E), and a job id
// of '../../../v3/x?' would otherwise make the page call another endpoint with the caller's credentials.

/** A project id as the API takes it (the spec's ProjectId: 1 to 64 letters, digits, '-' or '_'). */
export const PROJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A job id as the API takes it: a whole number from 1, in decimal digits. */
export const JOB_ID = /^[1-9][0-9]{0,18}$/;

/** The address of a view, e.g. link('p', 'demo', 'jobs') → '#/p/demo/jobs'; each part encoded. */
export function link(...parts) {
  return '#/' + parts.map((part) => encodeURIComponent(String(part))).join('/');
}

/**
 * What an address asks for:
 * - `{view: 'home'}`: no project named (#, #/, #/x);
 * - `{view: 'jobs' | 'new', project, query}`;
 * - `{view: 'job' | 'edit', project, jobId (its digits, a string), query}`;
 * - `{view: 'invalid', project (when it is a valid one, else null), message}`: a part that no view takes, said in
 *   words people can act on.
 * `query` is the URLSearchParams after '?'.
 */
export function parseRoute(hash) {
  const raw = String(hash || '').replace(/^#/, '') || '/';
  const at = raw.indexOf('?');
  const query = new URLSearchParams(at < 0 ? '' : raw.slice(at + 1));
  let path;
  try {
    path = (at < 0 ? raw : raw.slice(0, at)).split('/').filter(Boolean).map(decodeURIComponent);
  } catch (e) {
    return { view: 'invalid', project: null, message: 'The address has a broken %-escape.' };
  }
  if (path[0] !== 'p' || path.length < 2) return { view: 'home' };
  const project = path[1];
  if (!PROJECT_ID.test(project)) {
    return { view: 'invalid', project: null,
      message: `"${project}" is not a project id: one is 1 to 64 letters, digits, '-' or '_'.` };
  }
  const rest = path.slice(2);
  if (rest.length === 0 || (rest.length === 1 && rest[0] === 'jobs')) return { view: 'jobs', project, query };
  if (rest.length === 1 && rest[0] === 'new') return { view: 'new', project, query };
  if (rest[0] === 'jobs' && (rest.length === 2 || (rest.length === 3 && rest[2] === 'edit'))) {
    if (!JOB_ID.test(rest[1])) {
      return { view: 'invalid', project, message: `"${rest[1]}" is not a job id: one is a whole number from 1.` };
    }
    return { view: rest.length === 3 ? 'edit' : 'job', project, jobId: rest[1], query };
  }
  return { view: 'invalid', project, message: `The console has no page at ${link('p', ...path.slice(1))}.` };
}
