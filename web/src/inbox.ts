/**
 * The message centre (站内信, `GET /v1/notifications`): what the platform told this buyer or merchant, newest first,
 * in the console's language (the API renders each message in `Accept-Language`); unread ones stand out until opened,
 * which marks them read (`POST /v1/notifications/{id}/read`, idempotent).
 */
import { api } from './api.ts';
import { h, replace } from './dom.ts';
import { t, tr, when } from './i18n.ts';
import { errorText } from './staff-parts.ts';

interface Note {
  id: string;
  at: string;
  refundId?: string;
  title: string;
  body: string;
  read: boolean;
}

/**
 * The message as shown: the texts also go out by SMS and push, where the refund's id helps a merchant look it up;
 * on screen the order number already says which refund it is, and internal ids are never shown.
 */
const withoutIds = (text: string) => text.replace(/\s*\brf_[A-Za-z0-9_-]{6,}/g, '');

/** A collapsible panel; it loads when opened and on `reload()`. */
export function inboxView(): HTMLElement {
  const list = h('ol', { class: 'inbox', 'aria-label': t('inbox') });
  const out = h('p', { class: 'error', role: 'alert' });
  const count = h('span', { class: 'count' });
  replace(list, h('li', { class: 'empty', role: 'status' }, tr('正在加载消息…', 'Loading messages…')));
  // Opened here, whatever a load still in flight says: a reload must not show an opened message as unread again.
  const opened = new Set<string>();
  let unread = 0;
  const showCount = () => {
    count.textContent = unread ? ` (${unread})` : '';
  };
  const item = (note: Note) => {
    const read = note.read || opened.has(note.id);
    const li = h(
      'li',
      { class: read ? 'read' : 'unread', 'data-note': note.id, tabindex: read ? undefined : 0 },
      h('time', { datetime: note.at }, when(note.at)),
      ' ',
      h('strong', {}, withoutIds(note.title)),
      h('p', {}, withoutIds(note.body)),
    );
    if (!read) {
      li.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          li.click();
        }
      });
      li.addEventListener('click', async () => {
        if (opened.has(note.id)) return;
        try {
          await api('POST', `/v1/notifications/${encodeURIComponent(note.id)}/read`);
        } catch (e) {
          out.textContent = errorText(e);
          return;
        }
        // Marked read once the API has it; a reload drawn meanwhile replaced this item, so mark what is shown now.
        opened.add(note.id);
        unread = Math.max(0, unread - 1);
        showCount();
        for (const shown of list.querySelectorAll<HTMLElement>('li[data-note]')) {
          if (shown.dataset.note === note.id) shown.className = 'read';
        }
      });
    }
    return li;
  };
  // Loads overlap (the panel loads when built and again when opened); only the latest one is drawn.
  let latest = 0;
  const load = async () => {
    const mine = ++latest;
    try {
      const page = await api<{ items: Note[] }>('GET', '/v1/notifications?limit=20');
      if (mine !== latest) return;
      unread = page.items.filter((n) => !n.read && !opened.has(n.id)).length;
      showCount();
      replace(
        list,
        ...(page.items.length
          ? page.items.map(item)
          : [h('li', { class: 'empty' }, tr('暂无消息', 'No notifications yet'))]),
      );
      out.textContent = '';
    } catch (e) {
      if (mine === latest) out.textContent = errorText(e);
    }
  };
  const panel = h('details', { class: 'inbox-panel' }, h('summary', {}, t('inbox'), count), list, out);
  panel.addEventListener('toggle', () => {
    if (panel.open) void load();
  });
  void load();
  return panel;
}
