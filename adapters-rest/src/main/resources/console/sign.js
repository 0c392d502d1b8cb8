// SDK-HMAC-SHA256, the AK/SK signature of Huawei Cloud's SDKs (contract.md, section 5), computed with the browser's
// own Web Crypto. The secret key is imported once as a non-extractable HMAC key: the page holds a handle to it, not
// its text, and the handle is dropped on sign-out.

const ALGORITHM = 'SDK-HMAC-SHA256';
const encoder = new TextEncoder();

/** Whether this page may sign: Web Crypto exists only in secure contexts (HTTPS, or http://localhost). */
export function canSign() {
  return Boolean(globalThis.crypto && globalThis.crypto.subtle);
}

/** Java's URLEncoder, then '+' as %20, '*' as %2A and %7E as '~': RFC 3986's unreserved characters stay. */
export function encode(value) {
  let out = '';
  for (const byte of encoder.encode(String(value))) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Each segment of the raw path encoded, always ending with '/'. */
export function canonicalUri(rawPath) {
  const segments = rawPath.split('/').filter((s) => s !== '');
  return segments.map((s) => '/' + encode(s)).join('') + '/';
}

/** Parameters sorted by name, then value; each pair encoded. `query` is a list of [name, value]. */
export function canonicalQuery(query) {
  return [...query]
    .map(([k, v]) => [String(k), String(v)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => encode(k) + '=' + encode(v))
    .join('&');
}

/** X-Sdk-Date's form: yyyyMMdd'T'HHmmss'Z', in UTC. */
export function sdkDate(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256Hex(bytes) {
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

/** The secret key as a non-extractable HMAC-SHA256 key. */
export async function importSecret(secretKey) {
  return crypto.subtle.importKey('raw', encoder.encode(secretKey), { name: 'HMAC', hash: 'SHA-256' }, false,
    ['sign']);
}

/**
 * The headers that sign a request: X-Sdk-Date and Authorization, over the host and the date.
 *
 * @param request {method, path (raw, without query), query: [[name, value]...], host, body: Uint8Array}
 * @param accessKey the access key, sent in the clear
 * @param key the secret as imported by importSecret
 * @param now the signing time (a Date)
 */
export async function sign(request, accessKey, key, now) {
  const date = sdkDate(now);
  const headers = [['host', request.host.trim()], ['x-sdk-date', date]];
  const canonical = [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.query || []),
    headers.map(([n, v]) => n + ':' + v + '\n').join(''),
    headers.map(([n]) => n).join(';'),
    await sha256Hex(request.body || new Uint8Array()),
  ].join('\n');
  const toSign = ALGORITHM + '\n' + date + '\n' + (await sha256Hex(encoder.encode(canonical)));
  const signature = hex(await crypto.subtle.sign('HMAC', key, encoder.encode(toSign)));
  return {
    'X-Sdk-Date': date,
    Authorization: `${ALGORITHM} Access=${accessKey}, SignedHeaders=host;x-sdk-date, Signature=${signature}`,
  };
}
