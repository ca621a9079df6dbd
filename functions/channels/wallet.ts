/** The platform wallet channel: balance and coupon credits, settled at once (ports/wallet.ts). */
import { ChannelSecret } from '../adapters/payments/channel-secret.ts';
import { WalletChannel } from '../adapters/payments/wallet-channel.ts';
import { HttpWallet } from '../adapters/wallet/http-wallet.ts';
import { walletCredentialsSchema } from '../adapters/wallet/wallet-credentials.ts';
import { CHANNEL_FUNCTIONS } from '../manifest.ts';
import { channelHandler, fromSecret } from './handler.ts';

const secret = new ChannelSecret('wallet', walletCredentialsSchema);

export const handler = channelHandler(
  CHANNEL_FUNCTIONS.wallet,
  fromSecret(secret, (credentials) => new WalletChannel(new HttpWallet(credentials))),
);
