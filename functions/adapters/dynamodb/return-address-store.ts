/**
 * DynamoDB implementation of the ReturnAddressStore port: one `RETURN_ADDRESS` item in the merchant's partition of
 * the main table (keys.ts `merchantReturnAddressKey`), replaced whole by each put (the last write wins: a merchant
 * editing its own address has nothing to merge).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MerchantReturnAddress, ReturnAddress } from '../../domain/return-address.ts';
import type { ReturnAddressStore } from '../../ports/return-address-store.ts';
import { dynamoClient, tableName } from './client.ts';
import { merchantReturnAddressKey } from './keys.ts';
import { MAIN_TABLE } from './tables.ts';

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

export class DynamoReturnAddressStore implements ReturnAddressStore {
  async get(merchantId: string): Promise<MerchantReturnAddress | undefined> {
    const result = await dynamoClient().send(
      new GetCommand({ TableName: tableName(MAIN_TABLE), Key: merchantReturnAddressKey(merchantId) }),
    );
    const item = result.Item;
    if (!item) return undefined;
    const postcode = str(item.postcode);
    return {
      merchantId,
      name: str(item.name) ?? '',
      phone: str(item.phone) ?? '',
      address: str(item.address) ?? '',
      ...(postcode ? { postcode } : {}),
      updatedAt: str(item.updatedAt) ?? '',
    };
  }

  async put(merchantId: string, address: ReturnAddress, at: string): Promise<MerchantReturnAddress> {
    const stored: MerchantReturnAddress = {
      merchantId,
      name: address.name,
      phone: address.phone,
      address: address.address,
      ...(address.postcode ? { postcode: address.postcode } : {}),
      updatedAt: at,
    };
    await dynamoClient().send(
      new PutCommand({
        TableName: tableName(MAIN_TABLE),
        Item: { ...merchantReturnAddressKey(merchantId), kind: 'RETURN_ADDRESS', ...stored },
      }),
    );
    return stored;
  }
}
