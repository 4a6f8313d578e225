/**
 * Synthetic Taobao buyers. Taobao hands sellers masked personal data (buyer_nick "t**3", receiver
 * fields masked, with an oaid to ask for the real ones), so the simulator generates masked values only.
 */
import type { Prng } from '../common/prng.ts';

export interface TaobaoBuyer {
  nick: string;
  openUid: string;
  receiver: { name: string; state: string; city: string; district: string; address: string; zip: string; mobile: string };
  oaid: string;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const PLACES: [string, string, string, string][] = [
  ['浙江省', '杭州市', '西湖区', '310012'],
  ['上海', '上海市', '浦东新区', '200120'],
  ['广东省', '深圳市', '南山区', '518052'],
  ['北京', '北京市', '朝阳区', '100020'],
  ['四川省', '成都市', '武侯区', '610041'],
];

/** The same buyerNo always gives the same buyer, so a duplicate trade repeats its buyer. */
export function taobaoBuyerFor(buyerNo: number): TaobaoBuyer {
  const [state, city, district, zip] = PLACES[buyerNo % PLACES.length]!;
  const letter = String.fromCharCode(97 + (buyerNo % 26));
  const hex = (buyerNo * 2654435761 >>> 0).toString(16).padStart(8, '0');
  return {
    nick: `${letter}**${buyerNo % 10}`,
    openUid: `AAH${hex}${hex.slice(0, 4)}Buyer`,
    receiver: {
      name: `${SURNAMES[buyerNo % SURNAMES.length]}**`, state, city, district,
      address: `${district}**路**号`, zip, mobile: `*******${String(1000 + (buyerNo % 9000)).slice(-4)}`,
    },
    oaid: `1${hex}${hex}OAID`,
  };
}

/** An address a person has to fix before shipping: no street, no postcode. */
export function spoilReceiver(buyer: TaobaoBuyer): TaobaoBuyer {
  return { ...buyer, receiver: { ...buyer.receiver, address: '', zip: '' } };
}

const BUYER_MESSAGES = [
  '请发顺丰，急用',
  '麻烦换成大号的，拍错了',
  '送人的，不要放发票，谢谢',
  '和昨天那单一起发可以吗',
  '地址改一下：公司地址，周一到周五有人收',
];

const HARMLESS_MESSAGES = ['请尽快发货', '谢谢', '请尽快发货，谢谢！', '老板尽快发货哦~'];

/** A message that asks for nothing: a review rule's harmless phrases let it pass. */
export function drawTaobaoHarmlessMessage(prng: Prng): string {
  return prng.pick(HARMLESS_MESSAGES);
}

export function drawTaobaoBuyerMessage(prng: Prng): string {
  return prng.pick(BUYER_MESSAGES);
}
