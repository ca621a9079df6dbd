/**
 * The message centre (站内信, `GET /v1/notifications`): what the platform told this buyer or merchant, newest first,
 * in the console's language (the API renders each message in `Accept-Language`); unread ones stand out until opened,
 * which marks them read (`POST /v1/notifications/{id}/read`, idempotent).
 */
import { api } from './api.ts';
import { h, replace } from './dom.ts';
import { t, when } from './i18n.ts';

interface Note {
  id: string;
  at: string;
  refundId?: string;
  title: string;
  body: string;
  read: boolean;
}

/** A collapsible panel; it loads when opened and on `reload()`. */
export function inboxView(): HTMLElement {
  const list = h('ol', { class: 'inbox', 'aria-label': t('inbox') });
  const out = h('p', { class: 'error', role: 'alert' });
  const count = h('span', { class: 'count' });
  const item = (note: Note) => {
    const li = h(
      'li',
      { class: note.read ? 'read' : 'unread', 'data-note': note.id },
      h('time', { datetime: note.at }, when(note.at)),
      ' ',
      h('strong', {}, note.title),
      h('p', {}, note.body),
    );
    if (!note.read) {
      li.addEventListener('click', async () => {
        await api('POST', `/v1/notifications/${encodeURIComponent(note.id)}/read`).catch(() => undefined);
        li.className = 'read';
      });
    }
    return li;
  };
  const load = async () => {
    try {
      const page = await api<{ items: Note[] }>('GET', '/v1/notifications?limit=20');
      const unread = page.items.filter((n) => !n.read).length;
      count.textContent = unread ? ` (${unread})` : '';
      replace(list, ...(page.items.length ? page.items.map(item) : [h('li', {}, t('none'))]));
      out.textContent = '';
    } catch (e) {
      out.textContent = e instanceof Error ? e.message : String(e);
    }
  };
  const panel = h('details', { class: 'inbox-panel' }, h('summary', {}, t('inbox'), count), list, out);
  panel.addEventListener('toggle', () => {
    if (panel.open) void load();
  });
  void load();
  return panel;
}
