// Recent jobs (GET /v1/jobs), newest first, with thumbnails from /v1/assets/{id}?maxSide=…; they come from
// the server's job ledger, so they survive a reload and a server restart.
import {byId, el} from './dom.js';

const PAGE = 10;
const THUMB_SIDE = 96;

export class History {
  constructor(api, {onShow}) {
    this.api = api;
    this.onShow = onShow;
    this.list = byId('history-list');
    this.more = byId('history-more');
    this.status = byId('history-status');
    this.urls = [];
    this.cursor = undefined;
    byId('history-refresh').addEventListener('click', () => this.reload());
    this.more.addEventListener('click', () => this.load());
  }

  async reload() {
    this.urls.forEach((url) => URL.revokeObjectURL(url));
    this.urls = [];
    this.cursor = undefined;
    this.list.replaceChildren();
    await this.load();
  }

  async load() {
    const query = new URLSearchParams({limit: String(PAGE)});
    if (this.cursor) query.set('before', this.cursor);
    const generation = this.generation = (this.generation ?? 0) + 1;
    try {
      const {body} = await this.api.json(`/v1/jobs?${query}`);
      if (generation !== this.generation) return; // a newer load (a reload) took over
      body.jobs.forEach((job) => this.list.append(this.item(job)));
      this.cursor = body.nextCursor;
      this.more.hidden = !this.cursor;
      this.status.textContent = this.list.children.length === 0 ? 'No jobs yet.' : '';
    } catch (error) {
      this.status.textContent = `Recent jobs could not be loaded: ${error.message}`;
    }
  }

  item(job) {
    const when = job.createdAt ? new Date(job.createdAt) : null;
    const thumbs = el('div', {className: 'thumbs'});
    const prompt = job.prompt || '(no prompt)';
    const show = el('button', {type: 'button', 'aria-label': `Show the images of “${prompt}”`}, 'Show');
    show.addEventListener('click', () => this.onShow(job));
    for (const [index, image] of (job.images ?? []).entries()) {
      const img = el('img', {alt: `Image ${index + 1} of “${prompt}”`, width: THUMB_SIDE, height: THUMB_SIDE});
      thumbs.append(img);
      this.api.imageUrl(image.assetId, THUMB_SIDE).then((url) => {
        this.urls.push(url);
        img.src = url;
      }).catch(() => img.replaceWith(el('span', {className: 'thumb-missing'}, 'image unavailable')));
    }
    return el('li', {className: 'history-item'},
      el('p', {className: 'history-prompt'}, prompt),
      el('p', {className: 'history-meta'}, `${job.status}`, job.backend ? ` · ${job.backend}` : '',
        when ? [' · ', el('time', {dateTime: job.createdAt}, when.toLocaleString())] : '',
        job.seed ? ` · seed ${job.seed}` : ''),
      thumbs, job.images?.length ? show : null);
  }
}
