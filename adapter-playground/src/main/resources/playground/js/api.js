// The page's only door to the server: same-origin REST calls, each with the session's token as an
// Authorization header (never in a URL, never a cookie). 401 asks for the token and repeats the call;
// 429 and 503 wait out Retry-After (shown as a countdown by the caller) and repeat it — a generation
// repeats with the same Idempotency-Key, so a retry never starts a second job.

const TOKEN_KEY = 'img2img.apiToken';
const LONGEST_COUNTDOWN_S = 300;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code;
    /** [{field, message}] from a problem+json answer */
    this.violations = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

export function retryAfterSeconds(response) {
  const value = response.headers.get('Retry-After');
  if (!value) return 1;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(1, Math.ceil((date - Date.now()) / 1000)) : 1;
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      // fall through to a generic problem
    }
  }
  return {title: `HTTP ${response.status}`, detail: `The server answered ${response.status} ${response.statusText}`.trim()};
}

export class Api {
  /**
   * @param askToken   async (reason) => token or null (the person gave up)
   * @param waitBusy   async (seconds, problem) => resolves when it is time to try again
   */
  constructor({askToken, waitBusy}) {
    this.askToken = askToken;
    this.waitBusy = waitBusy;
  }

  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  }

  headers(extra = {}) {
    const headers = new Headers(extra);
    if (this.token) headers.set('Authorization', `Bearer ${this.token}`);
    return headers;
  }

  /** fetch with the token, the 401 prompt and the Retry-After wait; resolves to an ok Response or throws ApiError. */
  async fetch(path, {method = 'GET', headers = {}, body, signal, waitWhenBusy = true} = {}) {
    for (;;) {
      const response = await fetch(path, {method, headers: this.headers(headers), body, signal,
        credentials: 'omit', cache: 'no-store'});
      if (response.ok) return response;
      const problem = await problemOf(response);
      if (response.status === 401) {
        const token = await this.askToken(problem.detail || 'The server needs its API token.');
        if (!token) throw new ApiError(401, problem);
        this.token = token;
        continue;
      }
      // a wait of hours (a daily budget spent renews at 00:00 UTC) is said at once, not counted down
      if ((response.status === 429 || response.status === 503) && waitWhenBusy
          && response.headers.has('Retry-After') && retryAfterSeconds(response) <= LONGEST_COUNTDOWN_S) {
        await this.waitBusy(retryAfterSeconds(response), problem, signal);
        continue;
      }
      throw new ApiError(response.status, problem);
    }
  }

  async json(path, options) {
    const response = await this.fetch(path, options);
    return {status: response.status, headers: response.headers, body: await response.json()};
  }

  /** An image fetched with the token and handed to <img> as a blob: URL (revoke it when done). */
  async imageUrl(assetId, maxSide) {
    const query = maxSide ? `?maxSide=${maxSide}` : '';
    const response = await this.fetch(`/v1/assets/${encodeURIComponent(assetId)}${query}`, {waitWhenBusy: true});
    return URL.createObjectURL(await response.blob());
  }
}
