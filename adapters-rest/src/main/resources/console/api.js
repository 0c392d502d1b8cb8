// The service's public API, called with the caller's credentials. Nothing here knows a private endpoint: every call
// is one a script could make with curl or the SDK.

import { importSecret, sign } from './sign.js';

/** The service answered with an error: DLI's error_code and error_msg, or the HTTP status when it had no body. */
export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }

  /** As people read it: "DLI.0013: The access key or the signature is not valid." */
  get text() {
    return `${this.code}: ${this.message}`;
  }
}

/** The service did not answer (it is restarting, or the network is down). */
export class ConnectionError extends Error {}

const encoder = new TextEncoder();

/** The sign-in a 401's WWW-Authenticate challenge asks for: 'token', 'aksk', or null. */
function challenge(header) {
  if (!header) return null;
  if (/^\s*X-Auth-Token\b/i.test(header)) return 'token';
  if (/^\s*SDK-HMAC-SHA256\b/i.test(header)) return 'aksk';
  return null;
}
const DEFAULT_TIMEOUT_MS = 30000;

export class Api {
  constructor() {
    this.credentials = { mode: 'none' };
    this.listeners = new Set();
    this.reachable = true;
  }

  /** Remembers credentials for the page's lifetime only: in memory, never in storage or cookies. */
  async useToken(token) {
    this.credentials = { mode: 'token', token };
  }

  async useAccessKey(accessKey, secretKey) {
    this.credentials = { mode: 'aksk', accessKey, key: await importSecret(secretKey) };
  }

  forget() {
    this.credentials = { mode: 'none' };
  }

  /** Calls `listener(reachable)` whenever the service stops or starts answering. */
  onReachability(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setReachable(reachable) {
    if (this.reachable !== reachable) {
      this.reachable = reachable;
      this.listeners.forEach((l) => l(reachable));
    }
  }

  /**
   * One call. `query` is a list of [name, value] (empty values left out); `body` is sent as JSON. Answers the parsed
   * JSON body with `headers` attached as a non-enumerable property; throws ApiError or ConnectionError.
   */
  async call(method, path, { query = [], body, headers = {}, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    const params = query.filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => [k, String(v)]);
    const search = params.map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&');
    const bytes = body === undefined ? null : encoder.encode(JSON.stringify(body));
    const sent = { Accept: 'application/json', ...headers };
    if (bytes) sent['Content-Type'] = 'application/json';
    const credentials = this.credentials;
    if (credentials.mode === 'token') {
      sent['X-Auth-Token'] = credentials.token;
    } else if (credentials.mode === 'aksk') {
      Object.assign(sent, await sign({ method, path, query: params, host: location.host, body: bytes || undefined },
        credentials.accessKey, credentials.key, new Date()));
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let response;
    try {
      response = await fetch(path + (search ? '?' + search : ''), {
        method, headers: sent, body: bytes, signal: abort.signal, credentials: 'omit', cache: 'no-store',
      });
    } catch (e) {
      this.setReachable(false);
      throw new ConnectionError(abort.signal.aborted ? 'The service did not answer in time.' : 'The service cannot be reached.');
    } finally {
      clearTimeout(timer);
    }
    this.setReachable(true);
    const requestId = response.headers.get('X-Request-Id');
    let json = null;
    const text = await response.text();
    if (text) {
      try {
        json = JSON.parse(text);
      } catch (e) {
        json = null;
      }
    }
    if (!response.ok) {
      const error = json && json.error_code
        ? new ApiError(response.status, json.error_code, json.error_msg || '', requestId)
        : new ApiError(response.status, `HTTP ${response.status}`, response.statusText || 'The service refused the request.', requestId);
      error.challenge = challenge(response.headers.get('WWW-Authenticate'));
      throw error;
    }
    if (json === null) json = {};
    Object.defineProperty(json, 'headers', { value: response.headers, enumerable: false });
    return json;
  }

  /**
   * What this server asks of a caller, from an unauthenticated call: 'none' (it answers), 'token' or 'aksk' (from the
   * WWW-Authenticate challenge of its 401).
   */
  async authMode() {
    const saved = this.credentials;
    this.credentials = { mode: 'none' };
    try {
      await this.call('GET', '/v3/auth/projects');
      return 'none';
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        return e.challenge || 'token';
      }
      throw e;
    } finally {
      this.credentials = saved;
    }
  }
}
