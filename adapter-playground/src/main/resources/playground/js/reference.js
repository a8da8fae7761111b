// The reference image: chosen with the file picker, dropped anywhere on the page, pasted, or taken from a
// result ("use as reference", which chains its asset id). Shown with its pixel size.
import {byId} from './dom.js';

export class Reference {
  constructor(api, {onChange}) {
    this.api = api;
    this.onChange = onChange;
    this.current = null; // {file} or {assetId}, plus width and height
    this.preview = byId('reference-preview');
    this.info = byId('reference-info');
    this.zone = byId('dropzone');
    const picker = byId('reference-file');
    picker.addEventListener('change', () => picker.files[0] && this.useFile(picker.files[0]));
    document.addEventListener('dragover', (e) => {
      if ([...e.dataTransfer.types].includes('Files')) {
        e.preventDefault();
        this.zone.classList.add('dragging');
      }
    });
    document.addEventListener('dragleave', (e) => {
      if (e.relatedTarget === null) this.zone.classList.remove('dragging');
    });
    document.addEventListener('drop', (e) => {
      const file = [...(e.dataTransfer?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (!file) return;
      e.preventDefault();
      this.zone.classList.remove('dragging');
      this.useFile(file);
    });
    document.addEventListener('paste', (e) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (!file) return; // text pastes go to the field as usual
      e.preventDefault();
      this.useFile(file);
    });
  }

  async useFile(file) {
    let size;
    try {
      const bitmap = await createImageBitmap(file);
      size = {width: bitmap.width, height: bitmap.height};
      bitmap.close();
    } catch {
      this.fail(`${file.name || 'The pasted data'} is not an image this browser can read.`);
      return;
    }
    this.show({file, ...size}, URL.createObjectURL(file), file.name || 'pasted image');
  }

  /** A produced image as the next reference: sent as its asset id, nothing uploaded again. */
  async useAsset(assetId, width, height) {
    const url = await this.api.imageUrl(assetId);
    this.show({assetId, width, height}, url, assetId);
  }

  show(current, url, name) {
    if (this.preview.src.startsWith('blob:')) URL.revokeObjectURL(this.preview.src);
    this.current = current;
    this.preview.src = url;
    this.preview.alt = `Reference image ${name}, ${current.width} × ${current.height} pixels`;
    this.preview.hidden = false;
    this.info.textContent = `${name}: ${current.width} × ${current.height} px`;
    this.clearError();
    this.onChange?.();
  }

  fail(message) {
    const error = byId('err-image');
    error.textContent = message;
    error.hidden = false;
  }

  clearError() {
    byId('err-image').hidden = true;
  }

  /** Appends the image part: the file itself, or a text part holding the asset id. */
  appendTo(form) {
    if (this.current?.file) form.append('image', this.current.file, this.current.file.name || 'reference.png');
    else if (this.current?.assetId) form.append('image', this.current.assetId);
  }
}
