/** `POST /v1/payments/wechat/notify`: WeChat Pay's refund notification (./channel-notify.ts). */
import { ChannelSecret } from '../../adapters/payments/channel-secret.ts';
import { wechatPayCredentialsSchema } from '../../adapters/payments/channels/wechat-credentials.ts';
import { WechatPayNotifications } from '../../adapters/payments/channels/wechat-notify.ts';
import { channelNotifyRoute } from './channel-notify.ts';

const route = channelNotifyRoute({
  id: 'WechatPayNotify',
  channel: 'wechat',
  secret: new ChannelSecret('wechat', wechatPayCredentialsSchema),
  verifier: (credentials) => new WechatPayNotifications({ credentials }),
});

export const { handle, handler } = route;
