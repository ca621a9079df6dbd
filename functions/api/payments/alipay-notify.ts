/** `POST /v1/payments/alipay/notify`: Alipay's asynchronous notification of a refund (./channel-notify.ts). */
import { ChannelSecret } from '../../adapters/payments/channel-secret.ts';
import { alipayCredentialsSchema } from '../../adapters/payments/channels/alipay-credentials.ts';
import { AlipayNotifications } from '../../adapters/payments/channels/alipay-notify.ts';
import { channelNotifyRoute } from './channel-notify.ts';

const route = channelNotifyRoute({
  id: 'AlipayNotify',
  channel: 'alipay',
  secret: new ChannelSecret('alipay', alipayCredentialsSchema),
  verifier: (credentials) => new AlipayNotifications({ credentials }),
});

export const { handle, handler } = route;
