/** Checks a return shipment the buyer typed: the tracking number must fit the carrier's format exactly. */
import { CARRIER_FORMATS, type Carrier, carrierFromName } from './carriers.ts';
import { matchFormat, normalizeTrackingNumber } from './tracking.ts';

export type ShipmentCheck =
  | { ok: true; carrier: Carrier; trackingNumber: string }
  | { ok: false; problem: 'UNKNOWN_CARRIER' | 'TRACKING_NUMBER_FORMAT' };

/** Typed numbers get no OCR repairs: a number that fits only after "fixing" characters is refused. */
export function checkShipment(carrierName: string | undefined, trackingNumber: string): ShipmentCheck {
  const number = normalizeTrackingNumber(trackingNumber);
  const named = carrierName === undefined ? undefined : carrierFromName(carrierName);
  if (carrierName !== undefined && !named) return { ok: false, problem: 'UNKNOWN_CARRIER' };
  const formats = CARRIER_FORMATS.filter((f) => !named || f.carrier === named).sort((a, b) => a.rank - b.rank);
  for (const format of formats) {
    const match = matchFormat(number, format);
    if (match && match.repairs === 0) return { ok: true, carrier: format.carrier, trackingNumber: match.value };
  }
  return { ok: false, problem: 'TRACKING_NUMBER_FORMAT' };
}
