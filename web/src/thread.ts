/**
 * A refund's negotiation thread (协商记录, `GET`/`POST /v1/refunds/{refundId}/messages`), the same panel for its buyer,
 * its merchant and the reviewer holding its task: the messages oldest first with who wrote them, and a box to write
 * one. A post carries an Idempotency-Key made once per message, so a double click or a retry posts it once.
 */
import { ApiError, api } from './api.ts';
import { field, h, replace } from './dom.ts';
import { t, tr, when } from './i18n.ts';
import { errorText } from './staff-parts.ts';

interface Message {
  messageId: string;
  at: string;
  author: { role: string; id: string };
  text: string;
}

/** Who wrote it, the same words on every screen (not "you": the reader differs); never the raw role. */
const author = (role: string) =>
  role === 'buyer'
    ? t('buyer')
    : role === 'merchant'
      ? t('merchant')
      : role === 'reviewer'
        ? t('reviewer')
        : role === 'inspector'
          ? tr('质检员', 'Inspector')
          : tr('平台', 'Platform');

/** The panel; `open` false shows the thread read-only (a refund that has ended); `heading` false inside a summary. */
export function threadView(refundId: string, open = true, heading = true): HTMLElement {
  const path = `/v1/refunds/${encodeURIComponent(refundId)}/messages`;
  const list = h('ol', { class: 'thread', 'aria-label': t('thread') });
  const out = h('p', { class: 'error', role: 'alert' });
  const text = h('textarea', { maxLength: 500, rows: 2 });
  const sendButton = h('button', { type: 'button', class: 'secondary' }, t('threadSend'));
  replace(list, h('li', { class: 'empty', role: 'status' }, tr('正在加载留言…', 'Loading messages…')));
  let key = crypto.randomUUID();
  const load = async () => {
    try {
      const page = await api<{ items: Message[] }>('GET', `${path}?limit=100`);
      replace(
        list,
        page.items.length
          ? page.items.map((m) =>
              h(
                'li',
                {},
                h('time', { datetime: m.at }, when(m.at)),
                ' ',
                h('strong', {}, author(m.author.role)),
                ' · ',
                m.text,
              ),
            )
          : [h('li', { class: 'empty' }, t('threadEmpty'))],
      );
      out.textContent = '';
    } catch (e) {
      out.textContent = errorText(e);
    }
  };
  const send = async () => {
    out.textContent = '';
    const body = text.value.trim();
    if (!body) {
      out.textContent = tr('请先写下留言', 'Write a message first');
      text.focus();
      return;
    }
    sendButton.disabled = true;
    try {
      await api('POST', path, { body: { text: body }, headers: { 'idempotency-key': key } });
      key = crypto.randomUUID();
      text.value = '';
      await load();
    } catch (e) {
      out.textContent = e instanceof ApiError && e.code === 'THREAD_CLOSED' ? t('threadClosed') : errorText(e);
    } finally {
      sendButton.disabled = false;
    }
  };
  sendButton.addEventListener('click', () => void send());
  void load();
  return h(
    'section',
    { class: 'thread-panel', 'aria-label': t('thread') },
    heading && h('h3', {}, t('thread')),
    list,
    open && [field(t('threadWrite'), text), sendButton],
    out,
  );
}
