/**
 * A tiny DOM builder: `h('button', { onclick }, 'Text')`. Children may be strings, nodes, or falsy (skipped). Also the
 * console's shared states, so every screen looks alike while it waits or has nothing: `loading(el)` and
 * `emptyState(text)`.
 */
import { tr } from './i18n.ts';

/** Anything `h` accepts as a child. */
export type Child = Node | string | number | false | null | undefined | Child[];

type Props = Record<string, unknown>;

/** Creates an element; `on*` props become listeners, `class`/`for`/`aria-*`/`data-*` become attributes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value as EventListener);
    } else if (name in element && !name.includes('-') && name !== 'list') {
      Reflect.set(element, name, value);
    } else {
      element.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: Child[]) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children (and ends a `loading` state on it). */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  parent.removeAttribute('aria-busy');
  append(parent, children);
}

/**
 * Shows "加载中…" / "Loading…" in `el` (or `text`) with a spinner and marks it busy for screen readers, until the next
 * `replace(el, …)` draws what came. Returns `el`, so it fits inside `h(…)`: `h('ul', {}, …)` → `loading(h('ul'))`.
 * Inside a list (`ul`, `ol`) the note is an `li`.
 */
export function loading<E extends Element>(el: E, text: string = tr('加载中…', 'Loading…')): E {
  const tag = el.tagName === 'UL' || el.tagName === 'OL' ? 'li' : 'p';
  el.setAttribute('aria-busy', 'true');
  el.replaceChildren(h(tag, { class: 'loading', role: 'status' }, text));
  return el;
}

/**
 * An empty state: what is not there yet, in words (default "暂无" / "Nothing here"), with an optional hint at what to
 * do. `tag: 'li'` for a list's only item.
 */
export function emptyState(
  text: string = tr('暂无', 'Nothing here'),
  { hint, tag = 'div' }: { hint?: string; tag?: 'div' | 'li' } = {},
): HTMLElement {
  return h(tag, { class: 'empty-state' }, h('p', {}, text), hint && h('p', { class: 'hint' }, hint));
}

let ids = 0;
/** A unique id for label/input pairs. */
export const uid = (prefix: string) => `${prefix}-${++ids}`;

/** A labelled form control: `<div class="field"><label for>…</label>control</div>`. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id ||= uid('f');
  const hintEl = hint ? h('small', { id: `${control.id}-hint` }, hint) : undefined;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { htmlFor: control.id }, label), control, hintEl);
}
