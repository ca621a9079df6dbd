/**
 * The console shell: a skip link and a header (title, who is signed in, a language toggle sent as Accept-Language);
 * a role switcher that mints a local token (`POST /local/token`), or, when config.json names a Cognito domain
 * (deployed), sign-in through managed login and the roles the token grants (./auth.ts); and one screen per role.
 * Screens return a cleanup that stops their polling. Where no font draws Chinese, a note above the header says how
 * to get one.
 */
import './styles.css';
import { api } from './api.ts';
import { accountPanel, oauth, startAuth } from './auth.ts';
import { buyerScreen } from './buyer.ts';
import { emptyState, field, h, loading, replace } from './dom.ts';
import { financeScreen } from './finance.ts';
import { fontNote } from './font-check.ts';
import { countdown, t, tr } from './i18n.ts';
import { inspectorScreen } from './inspector.ts';
import { merchantScreen } from './merchant.ts';
import { reviewerScreen } from './reviewer.ts';
import { lang, ROLES, type Role, session, setLang, setSession } from './session.ts';

/** A screen renders into its container and returns how to stop it. */
export type Screen = (view: HTMLElement) => () => void;

const SCREENS: Record<Role, Screen> = {
  buyer: buyerScreen,
  merchant: merchantScreen,
  reviewer: reviewerScreen,
  finance: financeScreen,
  inspector: inspectorScreen,
};
const DEFAULT_SUB: Record<Role, string> = {
  buyer: 'demo-buyer',
  merchant: 'demo-merchant-staff',
  reviewer: 'demo-reviewer',
  finance: 'demo-finance',
  inspector: 'demo-inspector',
};

let stop: () => void = () => undefined;

function roleSwitcher(): HTMLElement {
  const current = session();
  const role = h(
    'select',
    { name: 'role' },
    ...ROLES.map((r) => h('option', { value: r, selected: r === current?.role }, t(r))),
  );
  const sub = h('input', {
    name: 'sub',
    value: current?.sub ?? DEFAULT_SUB.buyer,
    required: true,
    autocomplete: 'off',
  });
  const merchantId = h('input', {
    name: 'merchantId',
    value: current?.merchantId ?? 'demo-merchant',
    autocomplete: 'off',
  });
  const merchantField = field(t('merchantId'), merchantId);
  const sync = () => {
    merchantField.hidden = role.value !== 'merchant';
  };
  role.addEventListener('change', () => {
    sub.value = DEFAULT_SUB[role.value as Role];
    sync();
  });
  sync();
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'switcher', 'aria-label': t('switchRole') },
    field(t('role'), role),
    field(t('userId'), sub),
    merchantField,
    h('button', { type: 'submit' }, t('signIn')),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = role.value as Role;
    const claims = {
      sub: sub.value.trim(),
      role: chosen,
      ...(chosen === 'merchant' ? { merchantId: merchantId.value.trim() } : {}),
    };
    try {
      const { token } = await api<{ token: string }>('POST', '/local/token', { body: claims, anonymous: true });
      setSession({ ...claims, token });
      render();
      document.getElementById('view')?.focus();
    } catch (e) {
      error.textContent = String(e instanceof Error ? e.message : e);
    }
  });
  return form;
}

/** Measured once: fonts do not come and go while the page is open. */
let missingFont: HTMLElement | null | undefined;

function render(): void {
  stop();
  document.documentElement.lang = lang();
  document.title = t('title');
  const app = document.getElementById('app');
  if (!app) return;
  missingFont ??= fontNote();
  const current = session();
  // Signed in through Cognito: sign-out sits in the header; signed out, the sign-in button leads the page.
  const account = oauth() ? accountPanel(render) : undefined;
  const view = h('main', { id: 'view', tabindex: -1 });
  const other = lang() === 'en' ? 'zh-CN' : 'en';
  // The button names the language it switches to, in that language (English / 中文), as people look for it.
  const toggle = h(
    'button',
    { type: 'button', class: 'secondary lang', lang: other, title: tr('切换语言', 'Change language') },
    t('language'),
  );
  toggle.addEventListener('click', () => {
    setLang(other);
    render();
  });
  const skip = h('a', { class: 'skip', href: '#view' }, tr('跳到主要内容', 'Skip to content'));
  skip.addEventListener('click', (event) => {
    event.preventDefault();
    view.focus();
  });
  replace(
    app,
    skip,
    missingFont,
    h(
      'header',
      { class: 'app-header' },
      h('h1', {}, t('title')),
      current &&
        h(
          'p',
          { class: 'who' },
          t('signedInAs'),
          tr('：', ': '),
          h('strong', {}, t(current.role)),
          ` · ${current.name ?? current.sub}`,
        ),
      toggle,
      current && account,
    ),
    account
      ? !current && account
      : h('details', { class: 'role', open: !current }, h('summary', {}, t('switchRole')), roleSwitcher()),
    view,
  );
  if (current) {
    loading(view);
    stop = SCREENS[current.role](view);
  } else {
    replace(view, emptyState(oauth() ? tr('请先登录', 'Please sign in first') : t('signInFirst')));
    stop = () => undefined;
  }
}

// One ticker keeps every countdown (`data-due`) current without re-rendering screens.
setInterval(() => {
  for (const el of document.querySelectorAll<HTMLElement>('[data-due]'))
    el.textContent = countdown(el.dataset.due ?? '');
}, 1000);

// config.json first: it says how people sign in, and this page may be managed login's redirect back.
await startAuth();
render();
