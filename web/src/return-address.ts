/**
 * The merchant's return address panel (退货地址, `GET`/`PUT /v1/merchant/return-address`): where buyers send goods
 * back. Shows the stored address (or says none is set and returns go to the platform's address meanwhile), and edits
 * it with a message per field before anything is sent; the API checks the same rules again (400, nothing written).
 */
import { ApiError, api } from './api.ts';
import { field, h, replace } from './dom.ts';
import { tr, when } from './i18n.ts';
import { type AddressInput, addressProblems, LIMITS, oneLine, type Problem } from './return-address-rules.ts';
import { errorText, loading } from './staff-parts.ts';

/** A field's problem in words. */
function problemText(key: keyof AddressInput, problem: Problem): string {
  if (key === 'name')
    return problem === 'missing'
      ? tr('请填写收件人', 'Enter who receives the returns')
      : tr(`收件人最多 ${LIMITS.name} 个字`, `At most ${LIMITS.name} characters`);
  if (key === 'phone')
    return tr(
      '请填写有效的手机号(如 13812345678)或固话(如 010-62345678)，不含空格',
      'Enter a mainland mobile (13812345678) or landline (010-62345678) number, no spaces',
    );
  if (key === 'address')
    return problem === 'missing'
      ? tr('请填写详细地址', 'Enter the full address')
      : tr(`地址最多 ${LIMITS.address} 个字`, `At most ${LIMITS.address} characters`);
  return tr('邮编为 6 位数字', 'A postcode is 6 digits');
}

interface Address extends AddressInput {
  updatedAt?: string;
}

/** The panel, and `load` to call once the screen knows whether an address is set. */
export function returnAddressPanel(): { element: HTMLElement; load: (missing: boolean) => Promise<void> } {
  const body = h('div', {}, loading(tr('正在读取退货地址…', 'Loading the return address…')));
  const panel = h(
    'section',
    { class: 'card return-address', 'aria-labelledby': 'return-address-h' },
    h('h2', { id: 'return-address-h' }, tr('退货地址', 'Return address')),
    body,
  );

  const show = (stored: Address | undefined, saved = false) => {
    const edit = h(
      'button',
      { type: 'button', class: 'secondary' },
      stored ? tr('修改', 'Edit') : tr('填写退货地址', 'Set the address'),
    );
    edit.addEventListener('click', () => form(stored));
    replace(
      body,
      stored
        ? h(
            'address',
            {},
            h('strong', {}, stored.name),
            ` · ${stored.phone}`,
            h('br'),
            stored.address,
            stored.postcode ? ` · ${stored.postcode}` : '',
          )
        : h(
            'p',
            { class: 'muted' },
            tr(
              '尚未设置退货地址：在此之前，买家退货将寄往平台默认地址。',
              'No return address yet: until you set one, buyers send returns to the platform’s address.',
            ),
          ),
      stored?.updatedAt && h('p', { class: 'muted' }, `${tr('更新于', 'Updated')} ${when(stored.updatedAt)}`),
      saved && h('p', { class: 'ok', role: 'status' }, tr('已保存', 'Saved')),
      h('div', { class: 'row' }, edit),
    );
  };

  const form = (stored: Address | undefined) => {
    const inputs = {
      name: h('input', { name: 'name', autocomplete: 'name', maxLength: LIMITS.name, value: stored?.name ?? '' }),
      phone: h('input', {
        name: 'phone',
        type: 'tel',
        autocomplete: 'tel',
        maxLength: LIMITS.phone,
        value: stored?.phone ?? '',
      }),
      address: h('textarea', { name: 'address', rows: 2, maxLength: LIMITS.address }),
      postcode: h('input', { name: 'postcode', inputMode: 'numeric', maxLength: 6, value: stored?.postcode ?? '' }),
    };
    inputs.address.value = stored?.address ?? '';
    const messages = {
      name: h('small', { class: 'error', id: 'ra-name-err' }),
      phone: h('small', { class: 'error', id: 'ra-phone-err' }),
      address: h('small', { class: 'error', id: 'ra-address-err' }),
      postcode: h('small', { class: 'error', id: 'ra-postcode-err' }),
    };
    const out = h('p', { class: 'error', role: 'alert' });
    const labelled = (key: keyof typeof inputs, label: string) => {
      inputs[key].setAttribute('aria-describedby', messages[key].id);
      const f = field(label, inputs[key]);
      f.append(messages[key]);
      return f;
    };
    const save = h('button', { type: 'submit' }, tr('保存地址', 'Save the address'));
    const cancel = h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => show(stored) },
      tr('取消', 'Cancel'),
    );
    const el = h(
      'form',
      { novalidate: true },
      labelled('name', tr('收件人', 'Recipient')),
      labelled('phone', tr('联系电话', 'Phone')),
      labelled('address', tr('详细地址(省市区街道门牌)', 'Full address (province to door number)')),
      labelled('postcode', tr('邮编(选填)', 'Postcode (optional)')),
      h('div', { class: 'row' }, save, cancel),
      out,
    );
    el.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value: Address = {
        name: inputs.name.value.trim(),
        phone: inputs.phone.value.trim(),
        // One line, as it is printed on labels and in the buyer's SMS (the API refuses line breaks): the wrapped
        // textarea's line breaks become spaces.
        address: oneLine(inputs.address.value),
        ...(inputs.postcode.value.trim() ? { postcode: inputs.postcode.value.trim() } : {}),
      };
      const problems = addressProblems(value);
      for (const key of Object.keys(inputs) as (keyof typeof inputs)[]) {
        const problem = problems[key];
        messages[key].textContent = problem ? problemText(key, problem) : '';
        inputs[key].setAttribute('aria-invalid', String(Boolean(problems[key])));
      }
      const first = (Object.keys(inputs) as (keyof typeof inputs)[]).find((k) => problems[k]);
      if (first) {
        inputs[first].focus();
        return;
      }
      save.disabled = true;
      out.textContent = '';
      try {
        show(await api<Address>('PUT', '/v1/merchant/return-address', { body: value }), true);
      } catch (e) {
        out.textContent =
          e instanceof ApiError && e.status === 400
            ? tr('地址未通过校验，请检查各项后重试', 'The address was not accepted; check each field and try again')
            : errorText(e);
        save.disabled = false;
      }
    });
    replace(body, el);
    inputs.name.focus();
  };

  let loaded = false;
  /**
   * Loads the address once: `missing` (the merchant list's `setup.returnAddress`) shows the empty state without
   * asking, so a merchant without an address never causes a 404 in the browser's console.
   */
  const load = async (missing: boolean) => {
    if (loaded) return;
    loaded = true;
    if (missing) return show(undefined);
    try {
      show(await api<Address>('GET', '/v1/merchant/return-address'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) show(undefined);
      else replace(body, h('p', { class: 'error', role: 'alert' }, errorText(e)));
    }
  };
  return { element: panel, load };
}
