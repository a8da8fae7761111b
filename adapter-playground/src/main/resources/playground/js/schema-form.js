// The request form, built from the request's JSON Schema (GET /openapi.json →
// components.schemas.Img2ImgRequest): every type, range, step, default, choice and description comes from
// the schema, so the page follows the server's field catalogue. This file only decides the layout:
// which fields come first, which have a control of their own elsewhere on the page.
import {el} from './dom.js';

/** Shown first, in this order; every other field of the schema goes under "Advanced". */
const PRIMARY = ['prompt', 'negativePrompt', 'strength', 'guidance', 'numInferenceSteps', 'numSamples', 'width',
  'height', 'seed'];
/** Fields with a control of their own (the model list, the reference image) or set per call (dryRun). */
const ELSEWHERE = new Set(['modelId', 'image', 'imageId', 'dryRun']);
/** Friendlier labels than the wire names; a field not listed here is labelled from its name. */
const LABELS = {negativePrompt: 'Negative prompt', numInferenceSteps: 'Steps', numSamples: 'Samples'};
/** Free-text fields that deserve several lines. */
const LONG_TEXT = new Set(['prompt', 'negativePrompt']);

const labelOf = (name) => LABELS[name]
  ?? name.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()).replace(/ (\w)/g, (_, c) => ` ${c.toLowerCase()}`);
const typesOf = (property) => [].concat(property.type ?? 'string');
const isNumeric = (property) => typesOf(property).some((t) => t === 'number' || t === 'integer');

/** Slider granularity for a number: a round step giving about a hundred positions over the range. */
function sliderStep(property) {
  if (property.multipleOf) return property.multipleOf;
  if (typesOf(property)[0] === 'integer') return 1;
  return 10 ** Math.round(Math.log10((property.maximum - property.minimum) / 100));
}

/** The field's base name in a violation's path: "concepts[0].scale" → "concepts". */
export const fieldOfViolation = (path) => String(path ?? '').split(/[.[]/)[0];

export class SchemaForm {
  constructor(schema, {primary, advanced, onChange}) {
    this.schema = schema;
    this.required = new Set(schema.required ?? []);
    this.fields = new Map();
    this.onChange = onChange;
    const names = Object.keys(schema.properties).filter((n) => !ELSEWHERE.has(n));
    for (const name of PRIMARY.filter((n) => names.includes(n))) primary.append(this.build(name, true));
    for (const name of names.filter((n) => !PRIMARY.includes(n))) advanced.append(this.build(name, false));
  }

  build(name, isPrimary) {
    const property = {...this.schema.properties[name]};
    const id = `field-${name}`;
    const field = {name, property, effectiveDefault: property.default};
    const describedBy = `help-${name} err-${name}`;
    let control;
    if (name === 'seed') {
      control = this.seedControl(field, id, describedBy);
    } else if (property.enum) {
      control = el('select', {id, name, 'aria-describedby': describedBy},
        el('option', {value: ''}, 'Server default'), property.enum.map((v) => el('option', {value: v}, v)));
      field.input = control;
    } else if (typesOf(property).includes('boolean')) {
      field.input = el('input', {id, name, type: 'checkbox', checked: property.default === true, 'aria-describedby': describedBy});
      control = field.input;
    } else if (isNumeric(property) && property.minimum !== undefined && property.maximum !== undefined) {
      control = this.numberControl(field, id, describedBy);
    } else if (typesOf(property).includes('array')) {
      field.input = el('textarea', {id, name, rows: 2, spellcheck: false, placeholder: 'JSON, e.g. []', 'aria-describedby': describedBy});
      control = field.input;
    } else {
      field.input = LONG_TEXT.has(name) && isPrimary
        ? el('textarea', {id, name, rows: name === 'prompt' ? 3 : 2, 'aria-describedby': describedBy})
        : el('input', {id, name, type: 'text', spellcheck: false, 'aria-describedby': describedBy});
      if (property.pattern) field.input.pattern = property.pattern;
      control = field.input;
    }
    if (this.required.has(name)) {
      field.input.required = true;
      field.input.setAttribute('aria-required', 'true');
    }
    field.help = el('p', {className: 'help', id: `help-${name}`});
    field.error = el('p', {className: 'field-error', id: `err-${name}`, hidden: true});
    this.fields.set(name, field);
    this.describe(field);
    const isCheckbox = field.input.type === 'checkbox';
    const label = el('label', {for: id}, labelOf(name), this.required.has(name) ? el('span', {className: 'required'}, ' (required)') : null);
    field.input.addEventListener('input', () => this.onChange?.(name));
    field.input.addEventListener('change', () => this.onChange?.(name));
    return el('div', {className: isCheckbox ? 'field checkbox' : 'field'},
      isCheckbox ? [control, label] : [label, control], field.help, field.error);
  }

  numberControl(field, id, describedBy) {
    const p = field.property;
    const integer = typesOf(p)[0] === 'integer';
    field.input = el('input', {id, name: field.name, type: 'number', inputMode: integer ? 'numeric' : 'decimal',
      'aria-describedby': describedBy});
    field.slider = el('input', {type: 'range', tabIndex: -1, 'aria-hidden': 'true', className: 'slider'});
    this.applyRange(field);
    if (p.default !== undefined) field.input.value = p.default;
    else field.input.placeholder = 'default';
    field.slider.value = field.input.value || p.minimum;
    field.slider.addEventListener('input', () => {
      field.input.value = field.slider.value;
      field.input.dispatchEvent(new Event('input'));
    });
    field.input.addEventListener('input', () => {
      if (field.input.value !== '') field.slider.value = field.input.value;
    });
    return el('div', {className: 'number-pair'}, field.slider, field.input);
  }

  applyRange(field) {
    const p = field.property;
    const integer = typesOf(p)[0] === 'integer';
    for (const node of [field.input, field.slider]) {
      node.min = p.minimum;
      node.max = p.maximum;
    }
    field.input.step = p.multipleOf ?? (integer ? 1 : 'any');
    field.slider.step = sliderStep(p);
  }

  seedControl(field, id, describedBy) {
    const p = field.property;
    field.input = el('input', {id, name: 'seed', type: 'text', inputMode: 'numeric', autocomplete: 'off',
      placeholder: 'random', pattern: p.pattern, 'aria-describedby': describedBy});
    field.lock = el('input', {id: 'seed-lock', type: 'checkbox'});
    const fresh = el('button', {type: 'button', id: 'seed-new'}, 'New');
    fresh.addEventListener('click', () => {
      field.input.value = randomSeed(p.minimum ?? 0, p.maximum ?? Number.MAX_SAFE_INTEGER);
      field.lock.checked = true;
      this.onChange?.('seed');
    });
    field.lock.addEventListener('change', () => {
      if (field.lock.checked && field.input.value === '' && this.lastSeed) field.input.value = this.lastSeed;
    });
    return el('div', {className: 'seed'}, field.input,
      el('span', {className: 'checkbox'}, field.lock, el('label', {for: 'seed-lock'}, 'Lock')), fresh);
  }

  describe(field) {
    const p = field.property;
    const facts = [];
    if (p.minimum !== undefined && p.maximum !== undefined && field.name !== 'seed') facts.push(`${p.minimum} to ${p.maximum}`);
    if (p.multipleOf) facts.push(`a multiple of ${p.multipleOf}`);
    if (field.effectiveDefault !== undefined && typeof field.effectiveDefault !== 'boolean') facts.push(`default ${field.effectiveDefault}`);
    field.help.textContent = [p.description, facts.length ? `(${facts.join(', ')})` : ''].filter(Boolean).join(' ');
  }

  /** A model's own ranges and defaults (GET /v1/models) narrow the schema's; untouched fields take the new default. */
  applyModelRanges(ranges = {}) {
    for (const [name, field] of this.fields) {
      if (!field.slider) continue;
      const base = this.schema.properties[name];
      const range = ranges[name] ?? {};
      const untouched = field.input.value === '' || String(field.input.value) === String(field.effectiveDefault);
      field.property = {...base, ...range};
      field.effectiveDefault = range.default ?? base.default;
      this.applyRange(field);
      if (untouched) field.input.value = field.effectiveDefault ?? '';
      field.slider.value = field.input.value || field.property.minimum;
      this.describe(field);
    }
  }

  /** [name, text] pairs for multipart: a value is sent when given and different from its default. */
  entries() {
    const out = [];
    for (const [name, field] of this.fields) {
      const input = field.input;
      if (name === 'seed') {
        if (field.lock.checked && input.value.trim() !== '') out.push(['seed', input.value.trim()]);
        continue;
      }
      if (input.type === 'checkbox') {
        if (input.checked !== (field.effectiveDefault === true)) out.push([name, String(input.checked)]);
        continue;
      }
      const value = input.value.trim();
      if (value === '' || value === String(field.effectiveDefault ?? '')) continue;
      out.push([name, value]);
    }
    return out;
  }

  /** After a generation: the seed it used, shown in the field unless the person locked another. */
  seedUsed(seed) {
    this.lastSeed = seed;
    const field = this.fields.get('seed');
    if (field && !field.lock.checked) field.input.value = seed;
  }

  get(name) {
    return this.fields.get(name);
  }
}

function randomSeed(minimum, maximum) {
  const words = crypto.getRandomValues(new Uint32Array(2));
  const random = (BigInt(words[0]) << 32n) | BigInt(words[1]);
  return String(BigInt(minimum) + random % (BigInt(maximum) - BigInt(minimum) + 1n));
}
