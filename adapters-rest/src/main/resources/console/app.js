// The console's shell: who is signed in, which project, which view, and the connection to the service. The views
// (jobs-view.js, job-view.js, edit-view.js) draw the jobs from the API's answers.

import { Api, ApiError, ConnectionError } from './api.js';
import { canSign } from './sign.js';
import { h, fill } from './dom.js';
import { link, parseRoute } from './route.js';
import { jobsView } from './jobs-view.js';
import { jobView } from './job-view.js';
import { editView } from './edit-view.js';

const api = new Api();
const main = document.getElementById('main');
const banner = document.getElementById('connection');
const account = document.getElementById('account');
const nav = document.getElementById('nav');

/** Who is signed in: how the server authenticates, and the projects the caller may use. */
const session = { mode: null, signedIn: false, projects: [], anyProject: false };
let leaveView = () => {};

/**
 * Runs `task` now and every `intervalMs` while the page is visible: nothing while the tab is hidden, at once again
 * when it shows. After a failed connection it waits longer each time (up to 15 s). Answers a function that stops it.
 */
function every(intervalMs, task) {
  let timer = null;
  let stopped = false;
  let failures = 0;
  let reported = false;
  let running = false;
  const schedule = (delay) => {
    clearTimeout(timer);
    timer = null;
    if (!stopped && document.visibilityState === 'visible') timer = setTimeout(run, delay);
  };
  const run = async () => {
    if (stopped || running) return;
    running = true;
    try {
      await task();
      failures = 0;
      // What this loop reported last time is over once it succeeds again (a passing 502, say).
      if (reported && !stopped) clearReport();
      reported = false;
    } catch (e) {
      if (e instanceof ConnectionError) failures++;
      else if (!stopped) { // not once people have left the view that asked
        report(e);
        reported = true;
      }
    } finally {
      running = false;
    }
    schedule(failures ? Math.min(intervalMs * 2 ** failures, 15000) : intervalMs);
  };
  const onVisibility = () => {
    if (document.visibilityState === 'visible') schedule(0);
    else {
      clearTimeout(timer);
      timer = null;
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  schedule(0);
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}

/** Shows an error where people look: the page's alert region, with DLI's error_code. */
function report(error) {
  const alert = document.getElementById('alert');
  if (error instanceof ApiError) {
    if (error.status === 401 && session.mode !== 'none') {
      signOut(error.text);
      return;
    }
    fill(alert, h('strong', {}, error.code), ': ', error.message);
  } else if (error instanceof ConnectionError) {
    fill(alert, error.message);
  } else {
    fill(alert, String(error && error.message ? error.message : error));
    console.warn(error);
  }
  alert.hidden = false;
}

function clearReport() {
  const alert = document.getElementById('alert');
  alert.hidden = true;
  alert.replaceChildren();
}

api.onReachability((reachable) => {
  banner.hidden = reachable;
  if (reachable) {
    const alert = document.getElementById('alert');
    if (alert.textContent.startsWith('The service')) clearReport();
  }
});

/** Goes to a view, e.g. go('p', 'demo', 'jobs'). */
function go(...parts) {
  location.hash = link(...parts);
}

function route() {
  leaveView();
  leaveView = () => {};
  clearReport();
  if (!session.signedIn) {
    showSignIn();
    return;
  }
  const where = parseRoute(location.hash);
  if (where.view === 'home') {
    if (session.projects.length) go('p', session.projects[0], 'jobs');
    else showProjectChoice();
    return;
  }
  if (where.view === 'invalid') {
    if (where.project) renderNav(where.project);
    else fill(nav);
    const home = where.project || session.projects[0];
    fill(main, h('h1', {}, 'No such page'), h('p', { class: 'error', role: 'alert', id: 'route-error' }, where.message),
      h('p', {}, h('a', { href: home ? link('p', home, 'jobs') : '#/' }, home ? `The jobs of project ${home}` : 'Choose a project')));
    main.focus({ preventScroll: true });
    return;
  }
  const { project, query } = where;
  renderNav(project);
  const context = { api, project, query, every, report, clearReport, go, link, main };
  if (where.view === 'new') leaveView = editView(context, null);
  else if (where.view === 'edit') leaveView = editView(context, where.jobId);
  else if (where.view === 'job') leaveView = jobView(context, where.jobId);
  else leaveView = jobsView(context);
  main.focus({ preventScroll: true });
}

function renderNav(project) {
  const choice = session.anyProject
    ? h('form', { class: 'project-choice', onsubmit: (e) => {
      e.preventDefault();
      const value = e.target.elements.project.value.trim();
      if (value) go('p', value, 'jobs');
    } },
    h('label', { for: 'project' }, 'Project'),
    h('input', { id: 'project', name: 'project', value: project, required: true, maxlength: 64, autocomplete: 'off' }),
    h('button', { type: 'submit' }, 'Open'))
    : h('div', { class: 'project-choice' },
      h('label', { for: 'project' }, 'Project'),
      h('select', { id: 'project', onchange: (e) => go('p', e.target.value, 'jobs') },
        // A project from the address that is not the caller's is listed too, so that the choice shows what the page
        // shows (the service's DLI.0003 for it).
        (session.projects.includes(project) ? session.projects : [...session.projects, project])
          .map((p) => h('option', { value: p, selected: p === project }, p))));
  fill(nav,
    choice,
    h('a', { href: link('p', project, 'jobs') }, 'Jobs'),
    h('a', { href: link('p', project, 'new') }, 'New SQL job'));
  fill(account, session.mode === 'none'
    ? h('span', { class: 'muted' }, 'No sign-in needed on this server')
    : h('button', { type: 'button', onclick: () => signOut() }, 'Sign out'));
}

function showProjectChoice() {
  fill(nav);
  fill(main,
    h('h1', {}, 'Choose a project'),
    h('form', { class: 'card', onsubmit: (e) => {
      e.preventDefault();
      go('p', e.target.elements.project.value.trim(), 'jobs');
    } },
    h('p', {}, 'This server lets any caller use any project: name the one to open (the demo jobs are in project ',
      h('code', {}, 'demo'), ').'),
    h('label', { for: 'project-name' }, 'Project'),
    h('input', { id: 'project-name', name: 'project', required: true, maxlength: 64, autocomplete: 'off' }),
    h('button', { type: 'submit' }, 'Open')));
}

async function loadProjects() {
  const answer = await api.call('GET', '/v3/auth/projects');
  session.projects = (answer.projects || []).map((p) => p.id);
  session.anyProject = Boolean(answer.any_project);
  session.signedIn = true;
}

function showSignIn(message) {
  fill(nav);
  fill(account);
  const error = h('p', { id: 'sign-in-error', class: 'error', role: 'alert', hidden: !message }, message || '');
  const aksk = session.mode === 'aksk';
  const fields = aksk
    ? [h('label', { for: 'access-key' }, 'Access key (AK)'),
      h('input', { id: 'access-key', name: 'ak', required: true, autocomplete: 'off', spellcheck: 'false' }),
      h('label', { for: 'secret-key' }, 'Secret key (SK)'),
      h('input', { id: 'secret-key', name: 'sk', type: 'password', required: true, autocomplete: 'off' })]
    : [h('label', { for: 'token' }, 'Token'),
      h('input', { id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'off' })];
  const form = h('form', { class: 'card sign-in', 'aria-describedby': 'sign-in-help', onsubmit: async (e) => {
    e.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    error.hidden = true;
    try {
      if (aksk) await api.useAccessKey(form.elements.ak.value.trim(), form.elements.sk.value);
      else await api.useToken(form.elements.token.value.trim());
      await loadProjects();
      form.reset();
      route();
    } catch (err) {
      api.forget();
      session.signedIn = false;
      fill(error, err instanceof ApiError ? err.text : err.message);
      error.hidden = false;
      button.disabled = false;
    }
  } },
  h('h1', {}, 'Sign in'),
  h('p', { id: 'sign-in-help' }, aksk
    ? 'This server checks SDK-HMAC-SHA256 signatures. Your access key and secret key sign each request here in the '
      + 'page, as the SDK does; the secret key is never sent, and is forgotten when you sign out, leave the page or '
      + 'close the tab.'
    : 'This server checks tokens (X-Auth-Token). The token stays in this page\'s memory only, and is forgotten when '
      + 'you sign out, leave the page or close the tab.'),
  aksk && !canSign()
    ? h('p', { class: 'error' }, 'This browser cannot sign requests on this page: Web Crypto needs HTTPS, or '
      + 'http://localhost. Open the console over HTTPS or on localhost.')
    : null,
  error, fields, h('button', { type: 'submit', disabled: aksk && !canSign() }, 'Sign in'));
  fill(main, form);
  form.querySelector('input').focus();
}

function signOut(message) {
  leaveView();
  leaveView = () => {};
  api.forget();
  session.signedIn = false;
  session.projects = [];
  clearReport(); // the last session's error is not the next person's
  showSignIn(message);
}

// Leaving the page keeps it whole in the back/forward cache, signed in: on a shared computer, Back would show the
// jobs again, and work with the credentials, after the next person came. So leaving signs out, as closing the tab does.
window.addEventListener('pagehide', (event) => {
  if (event.persisted && session.signedIn && session.mode !== 'none') signOut('Signed out when you left the page.');
});

async function start() {
  for (let attempt = 0; ; attempt++) {
    try {
      session.mode = await api.authMode();
      if (session.mode === 'none') await loadProjects();
      break;
    } catch (e) {
      fill(main, h('p', { role: 'status' }, 'Connecting to the service…'));
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** attempt, 15000)));
    }
  }
  window.addEventListener('hashchange', route);
  route();
}

start();
