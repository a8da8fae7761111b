// The playground: wires the schema-built form, the reference image, the price, generation with an
// Idempotency-Key, the job's events, the gallery and the history. Everything it knows about fields, models
// and the backend it reads from the server it was served by.
import {Api, ApiError} from './api.js';
import {byId, debounce, el} from './dom.js';
import {followJob} from './events.js';
import {Gallery} from './gallery.js';
import {History} from './history.js';
import {Reference} from './reference.js';
import {fieldOfViolation, SchemaForm} from './schema-form.js';

const GENERATE = '/v1/generate/img2img';
const PRICE_DELAY_MS = 600;
const TERMINAL = new Set(['success', 'failure', 'canceled']);

const ui = {
  service: byId('service'), models: byId('field-modelId'), price: byId('price'), spend: byId('spend'),
  generate: byId('generate'),
  cancel: byId('cancel'), progress: byId('progress'), progressText: byId('progress-text'), retry: byId('retry'),
  retryText: byId('retry-text'), retryNow: byId('retry-now'), requestError: byId('err-request'),
};
const state = {backend: undefined, models: [], running: false, pending: null, job: null};

const api = new Api({askToken, waitBusy});
const gallery = new Gallery(api, byId('gallery'), {onUseAsReference: useAsReference});
const history = new History(api, {onShow: showJob});
const reference = new Reference(api, {onChange: () => priceSoon()});
const priceSoon = debounce(price, PRICE_DELAY_MS);
let form;

// ---- the token (SPEC §11: this tab only, an Authorization header, never a URL or a cookie)

let tokenRequest = null;
function askToken(reason) {
  tokenRequest ??= new Promise((resolve) => {
    const dialog = byId('token-dialog');
    const input = byId('token-input');
    byId('token-why').textContent = `${reason} It is kept in this browser tab only and sent as an Authorization header, never in a URL.`;
    input.value = '';
    const done = (token) => {
      dialog.close();
      tokenRequest = null;
      resolve(token);
    };
    byId('token-form').onsubmit = (e) => {
      e.preventDefault();
      done(input.value.trim() || null);
    };
    byId('token-cancel').onclick = () => done(null);
    dialog.oncancel = () => done(null);
    dialog.showModal();
    input.focus();
  });
  return tokenRequest;
}

// ---- 429/503: count Retry-After down, then the same call again (same Idempotency-Key)

function waitBusy(seconds, problem, signal) {
  return new Promise((resolve, reject) => {
    let left = seconds;
    // the server's detail may end without a full stop: the countdown is a sentence of its own
    const why = `${(problem.detail || 'The server is busy').trim().replace(/[.\s]+$/, '')}.`;
    const tick = () => {
      ui.retryText.textContent = `${why} Trying again in ${left} s.`;
      if (left-- <= 0) finish();
    };
    const finish = () => {
      clearInterval(timer);
      ui.retry.hidden = true;
      resolve();
    };
    ui.progressText.textContent = `${why} Trying again in ${seconds} seconds.`;
    ui.retry.hidden = false;
    ui.retryNow.onclick = finish;
    signal?.addEventListener('abort', () => {
      clearInterval(timer);
      ui.retry.hidden = true;
      reject(new DOMException('aborted', 'AbortError'));
    });
    const timer = setInterval(tick, 1000);
    tick();
  });
}

// ---- violations next to their fields

function clearViolations() {
  for (const node of document.querySelectorAll('.field-error')) {
    node.hidden = true;
    node.replaceChildren();
  }
  for (const node of document.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
}

function showViolations(error, {focus}) {
  clearViolations();
  const violations = error.violations.length ? error.violations : [{field: '', message: error.message}];
  let first;
  for (const v of violations) {
    const name = fieldOfViolation(v.field);
    const target = byId(`err-${name}`) ?? ui.requestError;
    const text = target === ui.requestError && v.field ? `${v.field}: ${v.message}` : v.message;
    target.append(el('span', {}, text), ' ');
    target.hidden = false;
    const input = name === 'image' ? byId('reference-file') : byId(`field-${name}`);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      if (name === 'modelId' || name === 'image' || form.get(name)?.input === input) first ??= input;
    }
    if (byId(`field-${name}`)?.closest('#advanced')) byId('advanced').open = true;
  }
  if (focus) (first ?? ui.requestError).focus?.();
}

// ---- the request as multipart/form-data

function requestBody() {
  const body = new FormData();
  body.append('modelId', ui.models.value);
  reference.appendTo(body);
  for (const [name, value] of form.entries()) body.append(name, value);
  return body;
}

/** What the person asked for, to tell a retry of the same generation from a new one. */
function fingerprint(body) {
  return JSON.stringify([...body].map(([k, v]) => [k, v instanceof File ? [v.name, v.size, v.lastModified] : v]));
}

// ---- the price, before generating (a debounced dry run)

let priceCall = null;
async function price() {
  priceCall?.abort();
  if (state.running) return; // priced again once the job has been sent
  if (!reference.current || !form.get('prompt').input.value.trim() || !ui.models.value) {
    ui.price.textContent = reference.current ? 'Write a prompt to see the price.' : 'Choose a reference image to see the price.';
    return;
  }
  const call = priceCall = new AbortController();
  ui.price.textContent = 'Pricing…';
  try {
    const {body} = await api.json(`${GENERATE}?dryRun=true`, {method: 'POST', body: requestBody(), signal: call.signal,
      waitWhenBusy: false});
    clearViolations();
    showPrice(body.creativeUnitsCost ?? 0, body.backend ?? state.backend);
    spend();
  } catch (error) {
    if (call.signal.aborted) return;
    ui.price.textContent = 'No price: the request is not valid yet.';
    setGenerateLabel();
    if (error instanceof ApiError) showViolations(error, {focus: false});
  }
}

function showPrice(cost, backend) {
  const units = `${cost} Creative Unit${cost === 1 ? '' : 's'}`;
  ui.price.textContent = backend === 'local' ? `${units} — local procedural renderer, not an AI model`
    : `${units} — ${backend}`;
  setGenerateLabel(backend === 'local' ? null : units);
}

// ---- today's spend beside the price (GET /v1/usage: UTC days, every node sharing the ledger)

let spendCall = null;
async function spend() {
  spendCall?.abort();
  const call = spendCall = new AbortController();
  try {
    const {body} = await api.json('/v1/usage?days=1', {signal: call.signal, waitWhenBusy: false});
    showSpend(body.today);
  } catch (error) {
    if (!call.signal.aborted) ui.spend.textContent = '';
  }
}

function showSpend(today) {
  const units = (n) => `${Math.round(n * 100) / 100}`;
  const spent = `${units(today.spentUnits)} spent`;
  ui.spend.textContent = today.dailyBudget == null
    ? `Today (UTC): ${units(today.usedUnits)} Creative Units accepted, ${spent}.`
    : `Today (UTC): ${units(today.usedUnits)} of ${units(today.dailyBudget)} Creative Units used `
      + `(${units(today.remainingUnits)} left), ${spent}.`;
}

function setGenerateLabel(units) {
  ui.generate.textContent = units ? `Generate · ${units}` : 'Generate';
}

// ---- generating

async function generate(event) {
  event.preventDefault();
  if (state.running) return; // a double click: the first click's call is under way
  if (!reference.current) {
    showViolations(new ApiError(400, {errors: [{field: 'image', message: 'Choose a reference image first.'}]}), {focus: true});
    return;
  }
  const body = requestBody();
  const print = fingerprint(body);
  // one key per intended generation: a retry of the same request reuses it, so the server never starts two jobs
  if (state.pending?.print !== print) state.pending = {key: crypto.randomUUID(), print};
  setRunning(true);
  priceSoon.cancel();
  priceCall?.abort();
  clearViolations();
  ui.progressText.textContent = 'Sending the request…';
  // on a phone the results are below the form: bring the progress into view (focus stays on the button)
  if (matchMedia('(max-width: 959px)').matches) byId('results-heading').scrollIntoView({block: 'start'});
  try {
    const {body: result} = await api.json(GENERATE, {method: 'POST', body,
      headers: {'Idempotency-Key': state.pending.key, Prefer: 'wait=0'}});
    state.pending = null;
    await follow(result, form.get('prompt').input.value.trim());
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.violations.length) state.pending = null; // nothing was started; a corrected request is a new one
      showViolations(error, {focus: true});
      ui.progressText.textContent = `Not generated: ${error.message}`;
    } else {
      ui.progressText.textContent = `The connection failed (${error.message}). Generate again to retry: the same request is not started twice.`;
    }
  } finally {
    setRunning(false);
    history.reload();
    spend();
  }
}

async function follow(first, prompt) {
  gallery.clear();
  const requested = Number(new FormData(byId('request-form')).get('numSamples'));
  state.job = {id: first.jobId, seed: first.seed, count: requested || null, prompt};
  if (first.seed !== undefined) form.seedUsed(first.seed);
  const seen = [];
  const addImage = (image) => {
    if (seen.includes(image.assetId)) return;
    seen.push(image.assetId);
    gallery.add(image, {prompt, seed: state.job.seed, index: seen.length - 1, count: state.job.count,
      backend: state.backend});
  };
  ui.progress.hidden = false;
  showStatus(first);
  (first.images ?? []).forEach(addImage);
  let result = first;
  if (!TERMINAL.has(first.status)) {
    ui.cancel.hidden = false;
    ui.cancel.disabled = first.status === 'canceling';
    result = await followJob(api, first.jobId, {
      onEvent: (type, data) => {
        if (type === 'image') addImage(data.image);
        else if (type === 'status' || type === 'progress') showStatus({status: state.status, ...data});
        else if (type === 'reconnecting') ui.progressText.textContent = 'Connection dropped; reconnecting…';
      },
    });
  }
  ui.cancel.hidden = true;
  state.job.seed = result.seed ?? state.job.seed;
  if (result.seed !== undefined) form.seedUsed(result.seed);
  state.job.count = result.images?.length ?? seen.length;
  (result.images ?? []).forEach(addImage);
  showStatus(result);
}

function showStatus(result) {
  state.status = result.status ?? state.status;
  const percent = Math.round((result.progress ?? 0) * 100);
  ui.progress.value = result.status === 'success' ? 1 : (result.progress ?? 0);
  let text;
  switch (state.status) {
    case 'queued':
      text = result.queuePosition ? `Queued: position ${result.queuePosition}.` : 'Queued.';
      break;
    case 'in-progress':
      text = `Generating: ${Math.floor(percent / 10) * 10} %.`;
      break;
    case 'canceling':
      // a Scenario job: its cancel was asked of Scenario, which says how it ended (images made so far are kept)
      text = `Canceling: waiting for ${state.backend === 'scenario' ? 'Scenario' : 'the backend'} to stop the job (${Math.floor(percent / 10) * 10} %).`;
      ui.cancel.disabled = true;
      break;
    case 'success':
      text = `Done: ${result.images?.length ?? 0} image${result.images?.length === 1 ? '' : 's'}.`;
      break;
    default:
      text = `${state.status === 'canceled' ? 'Canceled' : 'Failed'}: ${result.error?.message ?? 'no images.'}`;
  }
  if (ui.progressText.textContent !== text) ui.progressText.textContent = text;
}

function setRunning(running) {
  state.running = running;
  ui.generate.disabled = running;
  ui.generate.setAttribute('aria-busy', String(running));
}

async function cancelJob() {
  if (!state.job) return;
  ui.cancel.disabled = true;
  try {
    // 200 canceled (queued or local), or 202 canceling (at Scenario, until it says how the job ended)
    const {body} = await api.json(`/v1/jobs/${encodeURIComponent(state.job.id)}`, {method: 'DELETE'});
    if (body?.status && !TERMINAL.has(state.status)) showStatus(body);
  } catch (error) {
    ui.cancel.disabled = false;
    ui.progressText.textContent = `Not canceled: ${error.message}`;
  }
}

async function useAsReference(image) {
  await reference.useAsset(image.assetId, image.width, image.height);
  byId('request-heading').focus();
}

async function showJob(job) {
  gallery.clear();
  state.job = {id: job.jobId, seed: job.seed, count: job.images.length, prompt: job.prompt};
  job.images.forEach((image, index) => gallery.add(image, {prompt: job.prompt, seed: job.seed, index,
    count: job.images.length, backend: job.backend}));
  showStatus(job);
  byId('results-heading').scrollIntoView();
}

// ---- start: the schema, the models and the service, all from the server

async function loadModels() {
  const models = [];
  let cursor;
  let backend;
  do {
    const {body} = await api.json(`/v1/models${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
    models.push(...body.models);
    backend = body.backend;
    cursor = body.nextCursor;
  } while (cursor && models.length < 1000);
  state.models = models;
  ui.models.replaceChildren(...models.map((m) => el('option', {value: m.id}, m.name ? `${m.name} (${m.id})` : m.id)));
  const describe = () => {
    const model = models.find((m) => m.id === ui.models.value);
    byId('help-modelId').textContent = model ? `Type ${model.type}, family ${model.family}.` : '';
    form.applyModelRanges(model?.ranges);
  };
  ui.models.addEventListener('change', () => {
    describe();
    priceSoon();
  });
  describe();
  return backend;
}

async function start() {
  byId('token-button').addEventListener('click', async () => {
    const token = await askToken('Give the API token of this server (IMG2IMG_API_TOKEN).');
    if (token) {
      api.token = token;
      history.reload();
    }
  });
  try {
    const [{body: health}, {body: openapi}] = await Promise.all([api.json('/health'), api.json('/openapi.json')]);
    state.backend = health.backend;
    ui.service.textContent = health.backend === 'local'
      ? `Backend: local — procedural renderer, not an AI model · img2img ${health.version}`
      : `Backend: ${health.backend} · img2img ${health.version}`;
    form = new SchemaForm(openapi.components.schemas.Img2ImgRequest, {primary: byId('primary-fields'),
      advanced: byId('advanced-fields'), onChange: () => priceSoon()});
  } catch (error) {
    ui.service.textContent = `The server could not be reached: ${error.message}`;
    return;
  }
  byId('request-form').addEventListener('submit', generate);
  ui.cancel.addEventListener('click', cancelJob);
  try {
    state.backend = (await loadModels()) ?? state.backend;
  } catch (error) {
    byId('help-modelId').textContent = `The models could not be loaded: ${error.message}`;
  }
  price();
  spend();
  history.reload();
}

start();
