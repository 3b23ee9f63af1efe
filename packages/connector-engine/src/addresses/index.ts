export type { Binding, Family, IpAddress, IpRange, Parsed, RangeForm } from './types.ts';
export { MAX_INPUT_LENGTH } from './text-screen.ts';
export { canonicalIpAddress, formatIpAddress, parseIpAddress } from './ip-address.ts';
export { formatIpRange, normalizeRange, parseIpRange } from './ip-range.ts';
export {
  ALL_IPV4_RANGE,
  ALL_IPV6_RANGE,
  isAllIPv4,
  isAllIPv6,
  rangeContainsAddress,
  rangeRelation,
  rangeSize,
  type RangeRelation,
} from './range-math.ts';
export { bindingsCollide, formatBinding, parseBinding, type BindingCollision } from './binding.ts';
export { formatAddressCount, formatBigCount } from './count-text.ts';
