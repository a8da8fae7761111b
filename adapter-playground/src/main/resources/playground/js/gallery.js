// The images of a job, shown as they arrive: each fetched with the token into a blob: URL, with download,
// full size, its seed and "use as reference".
import {el} from './dom.js';

export class Gallery {
  constructor(api, list, {onUseAsReference}) {
    this.api = api;
    this.list = list;
    this.onUseAsReference = onUseAsReference;
    this.urls = [];
  }

  clear() {
    this.urls.forEach((url) => URL.revokeObjectURL(url));
    this.urls = [];
    this.list.replaceChildren();
  }

  /** image: {assetId, width, height, mimeType}; about: {prompt, seed, index, count} */
  async add(image, about) {
    if (this.list.querySelector(`[data-asset-id="${CSS.escape(image.assetId)}"]`)) return;
    const item = el('li', {className: 'card', 'data-asset-id': image.assetId}, el('p', {}, 'Loading image…'));
    this.list.append(item);
    let url;
    try {
      url = await this.api.imageUrl(image.assetId);
    } catch (error) {
      item.replaceChildren(el('p', {className: 'field-error'}, `Image ${image.assetId} could not be loaded: ${error.message}`));
      return;
    }
    this.urls.push(url);
    const number = about.index === undefined ? '' : ` ${about.index + 1}${about.count ? ` of ${about.count}` : ''}`;
    const seed = about.seed === undefined ? null : el('p', {className: 'seed-line'}, seedText(about));
    const extension = (image.mimeType || 'image/png').split('/')[1] || 'png';
    const use = el('button', {type: 'button'}, 'Use as reference');
    use.addEventListener('click', () => this.onUseAsReference(image));
    item.replaceChildren(
      el('img', {src: url, width: image.width, height: image.height,
        alt: `Generated image${number}, ${image.width} × ${image.height} pixels, for “${about.prompt ?? ''}”`}),
      el('div', {className: 'card-body'},
        el('p', {className: 'size'}, `${image.width} × ${image.height} px`), seed,
        el('div', {className: 'card-actions'},
          el('a', {className: 'button', href: url, download: `${image.assetId}.${extension}`}, 'Download'),
          el('a', {className: 'button', href: url, target: '_blank', rel: 'noopener'}, 'Full size'),
          use)));
  }
}

/** The local renderer uses seed + i for sample i (SPEC §1); other backends report only the job's seed. */
function seedText({seed, index, backend}) {
  if (backend === 'local' && /^\d+$/.test(String(seed))) return `Seed ${BigInt(seed) + BigInt(index ?? 0)}`;
  return index > 0 ? `Job seed ${seed}, sample ${index + 1}` : `Seed ${seed}`;
}
