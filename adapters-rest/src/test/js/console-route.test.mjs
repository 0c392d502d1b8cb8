// The console's addresses and credentials checks, under plain Node (20+, no packages): node --test src/test/js/
// An address is written by whoever sent the link: only a valid project and job id may reach a path of the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const console = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../main/resources/console');
const { parseRoute, link } = await import(path.join(console, 'route.js'));
const { sendableInHeader } = await import(path.join(console, 'api.js'));

test('the views people link to are read with their project, job id and query', () => {
    const jobs = parseRoute('#/p/demo/jobs?name=clicks&offset=10');
    assert.equal(jobs.view, 'jobs');
    assert.equal(jobs.project, 'demo');
    assert.equal(jobs.query.get('name'), 'clicks');
    assert.equal(jobs.query.get('offset'), '10');
    assert.equal(parseRoute('#/p/demo').view, 'jobs');
    assert.equal(parseRoute('#/p/demo/jobs/').view, 'jobs');
    assert.deepEqual({ ...parseRoute('#/p/demo/jobs/131'), query: undefined },
        { view: 'job', project: 'demo', jobId: '131', query: undefined });
    assert.equal(parseRoute('#/p/demo/jobs/131/edit').view, 'edit');
    assert.equal(parseRoute('#/p/demo/jobs/131/edit').jobId, '131');
    assert.equal(parseRoute('#/p/demo/new').view, 'new');
    assert.equal(parseRoute('#/p/48cc2c48765f481480c7db940d6409d1/jobs').project, '48cc2c48765f481480c7db940d6409d1');
});

test('no project named leads home', () => {
    for (const hash of ['', '#', '#/', '#/x', '#/p', '#/p/']) {
        assert.equal(parseRoute(hash).view, 'home', hash);
    }
});

test('a job id that is not digits is refused before it can steer the page to another endpoint', () => {
    for (const id of ['..%2F..%2F..%2F..%2Fv3%2Fauth%2Fprojects%3F', '100000%2F..%2F100001', '%2E%2E', '..', 'abc',
        '0', '-1', '1e3', ' 12', '12%3Fx', '12%23', '1%2F2']) {
        const route = parseRoute(`#/p/demo/jobs/${id}`);
        assert.equal(route.view, 'invalid', id);
        assert.equal(route.project, 'demo', id);
        assert.match(route.message, /is not a job id/, id);
        assert.equal(parseRoute(`#/p/demo/jobs/${id}/edit`).view, 'invalid', id);
    }
});

test('a project id outside the API\'s pattern is refused, dot segments and slashes included', () => {
    for (const project of ['..', '.', '%2E%2E', '..%2F..%2Fv3%2Fauth', '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
        'a'.repeat(65), 'p%3Fx', 'p%20q', 'proj.1']) {
        const route = parseRoute(`#/p/${project}/jobs`);
        assert.equal(route.view, 'invalid', project);
        assert.equal(route.project, null, project);
        assert.match(route.message, /is not a project id/, project);
    }
});

test('a broken %-escape is an invalid address, not an exception', () => {
    const route = parseRoute('#/p/%E0%A4%A/jobs');
    assert.equal(route.view, 'invalid');
    assert.match(route.message, /%-escape/);
});

test('a path no view takes is invalid, named in the message', () => {
    const route = parseRoute('#/p/demo/queues/1');
    assert.equal(route.view, 'invalid');
    assert.equal(route.project, 'demo');
    assert.equal(route.message, 'The console has no page at #/p/demo/queues/1.');
    assert.equal(parseRoute('#/p/demo/jobs/1/edit/more').view, 'invalid');
});

test('links encode each part, and read back as written', () => {
    assert.equal(link('p', 'demo', 'jobs', '131'), '#/p/demo/jobs/131');
    assert.equal(link('p', 'a/b?c', 'jobs'), '#/p/a%2Fb%3Fc/jobs');
    const back = parseRoute(link('p', 'demo_1-x', 'jobs', '42', 'edit'));
    assert.deepEqual([back.view, back.project, back.jobId], ['edit', 'demo_1-x', '42']);
});

test('credentials a browser cannot put in a header are told apart from a network failure', () => {
    assert.equal(sendableInHeader('tok-p1'), true);
    assert.equal(sendableInHeader('AKIA0123456789 with space'), true);
    assert.equal(sendableInHeader('caf\u00e9'), true);
    assert.equal(sendableInHeader(''), true);
    assert.equal(sendableInHeader('t\u00f6k\u20ac'), false);
    assert.equal(sendableInHeader('line\nbreak'), false);
    assert.equal(sendableInHeader('tab\there'), false);
    assert.equal(sendableInHeader('nul\u0000'), false);
    assert.equal(sendableInHeader(undefined), false);
});
