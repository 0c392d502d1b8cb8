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

/**
 * Whether a browser can send the text as a header's value: Latin-1 without control characters. Anything else makes
 * fetch throw a TypeError that reads like a network failure, so credentials are checked with this when given.
 */
export function sendableInHeader(text) {
  return typeof text === 'string' && /^[\x20-\x7e\xa0-\xff]*$/.test(text);
}

function checkSendable(text, what) {
  if (!sendableInHeader(text)) {
    throw new Error(`The ${what} holds a character that cannot be sent in an HTTP header: check that it was pasted whole and alone.`);
  }
}

export class Api {
  constructor() {
    this.credentials = { mode: 'none' };
    this.listeners = new Set();
    this.reachable = true;
  }

  /**
   * Remembers credentials for the page's lifetime only: in memory, never in storage or cookies. Throws an Error
   * people can read when the token cannot be sent at all.
   */
  async useToken(token) {
    checkSendable(token, 'token');
    this.credentials = { mode: 'token', token };
  }

  /** As useToken: the access key is sent (in Authorization), the secret key only imported to sign with. */
  async useAccessKey(accessKey, secretKey) {
    checkSendable(accessKey, 'access key');
    this.credentials = { mode: 'aksk', accessKey, key: await importSecret(secretKey) };
  }

  /** Drops the credentials: the token's text or the secret key's CryptoKey is no longer reachable from the page. */
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
    if (json === null) {
      // A success that is not the API's JSON: something else answered (a proxy's page, say).
      throw new ApiError(response.status, `HTTP ${response.status}`,
        'The answer is not the service\'s: something between the page and the service answered instead.', requestId);
    }
    Object.defineProperty(json, 'headers', { value: response.headers, enumerable: false });
    return json;
  }

  /**
   * What this server asks of a caller: 'none', 'token' or 'aksk'. The page says so (the server writes it in when it
   * serves the page); failing that, an unauthenticated call tells: it answers, or its 401 challenges for a scheme.
   */
  async authMode() {
    const said = document.querySelector('meta[name="dlirun-sign-in"]');
    if (said && ['none', 'token', 'aksk'].includes(said.content)) return said.content;
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
