// Where the console's calls go: paths of the service's public API, every part that comes from data encoded.

/** A path of DLI's streaming API, each part encoded: jobsPath('demo', 'jobs', '131') → /v1.0/demo/streaming/jobs/131. */
export function jobsPath(project, ...rest) {
  return ['/v1.0', project, 'streaming', ...rest].map((part, i) => (i ? encodeURIComponent(String(part)) : part)).join('/');
}

/** The gen-graph check of a job (an extension under /v3, as DLI's). */
export function genGraphPath(project, jobId) {
  return ['/v3', project, 'streaming', 'jobs', jobId, 'gen-graph'].map((part, i) => (i ? encodeURIComponent(String(part)) : part)).join('/');
}
