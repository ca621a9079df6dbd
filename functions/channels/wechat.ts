/** The WeChat Pay channel (API v3): refunds back to the buyer's WeChat Pay, credentials from its own secret. */

import { ChannelSecret } from '../adapters/payments/channel-secret.ts';
import { WECHAT_PAY_API, WechatPayChannel } from '../adapters/payments/channels/wechat.ts';
import { wechatPayCredentialsSchema } from '../adapters/payments/channels/wechat-credentials.ts';
import { requireEnv } from '../config.ts';
import { CHANNEL_FUNCTIONS } from '../manifest.ts';
import { channelHandler, fromSecret } from './handler.ts';

const secret = new ChannelSecret('wechat', wechatPayCredentialsSchema);

export const handler = channelHandler(
  CHANNEL_FUNCTIONS.wechat,
  fromSecret(
    secret,
    (credentials) =>
      new WechatPayChannel({
        credentials,
        baseUrl: credentials.baseUrl ?? WECHAT_PAY_API,
        notifyUrl: requireEnv('CHANNEL_NOTIFY_URL'),
      }),
  ),
);
