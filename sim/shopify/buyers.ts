/** Synthetic Shopify customers and notes (example.com addresses, invented names). */
import type { Prng } from '../common/prng.ts';

export interface Address {
  firstName: string;
  lastName: string;
  address1: string;
  city: string;
  province: string;
  provinceCode: string;
  zip: string;
  phone: string;
}

export interface Buyer {
  customerId: bigint;
  email: string;
  address: Address;
}

const FIRST = ['Ava', 'Ben', 'Chloe', 'Daniel', 'Emma', 'Felix', 'Grace', 'Henry', 'Isla', 'Jack', 'Kai', 'Lena', 'Mia', 'Noah', 'Olive'];
const LAST = ['Adams', 'Brown', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Jones', 'Kim', 'Lopez', 'Miller', 'Nguyen'];
const CITIES: [string, string, string, string][] = [
  ['Louisville', 'Kentucky', 'KY', '40202'],
  ['Portland', 'Oregon', 'OR', '97205'],
  ['Austin', 'Texas', 'TX', '78701'],
  ['Denver', 'Colorado', 'CO', '80202'],
  ['Boston', 'Massachusetts', 'MA', '02108'],
  ['Seattle', 'Washington', 'WA', '98101'],
];
const STREETS = ['Chestnut Street', 'Oak Avenue', 'Maple Road', 'Elm Street', 'Pine Lane', 'Cedar Court'];

const CUSTOMER_ID_BASE = 7_300_000_000_000n;

/** The same buyerNo always gives the same customer, so a duplicate order repeats its buyer. */
export function buyerFor(buyerNo: number): Buyer {
  const firstName = FIRST[buyerNo % FIRST.length]!;
  const lastName = LAST[(buyerNo * 7) % LAST.length]!;
  const [city, province, provinceCode, zip] = CITIES[buyerNo % CITIES.length]!;
  return {
    customerId: CUSTOMER_ID_BASE + BigInt(buyerNo),
    email: `${firstName}.${lastName}${buyerNo}@example.com`.toLowerCase(),
    address: {
      firstName, lastName, city, province, provinceCode, zip,
      address1: `${(buyerNo % 180) + 1} ${STREETS[buyerNo % STREETS.length]}`,
      phone: `+1555${String(1_000_000 + buyerNo).slice(1)}`,
    },
  };
}

/** An address a person has to fix before shipping: no street, no ZIP. */
export function spoilAddress(address: Address): Address {
  return { ...address, address1: '??', zip: '' };
}

const BUYER_MESSAGES = [
  'Please change the size to L, I ordered the wrong one.',
  'It is a gift - please leave out the invoice and add a card saying Happy Birthday Mum.',
  'Can you ship this together with my order from yesterday?',
  'Please send it to my office address instead: 12 Harbour Road.',
  'I need this before Friday, can you upgrade the shipping? I will pay the difference.',
];

const HARMLESS_MESSAGES = ['Thanks!', 'Thank you', 'Please ship ASAP, thanks', 'thx :)'];

/** A note that asks for nothing: a review rule's harmless phrases let it pass. */
export function drawHarmlessMessage(prng: Prng): string {
  return prng.pick(HARMLESS_MESSAGES);
}

export function drawBuyerMessage(prng: Prng): string {
  return prng.pick(BUYER_MESSAGES);
}

const CHECKOUT_ATTRIBUTES = [
  { name: 'how_did_you_hear', value: 'Instagram' },
  { name: 'how_did_you_hear', value: 'A friend' },
  { name: 'newsletter', value: 'yes' },
];

/** Cart attributes some checkouts collect: information only, nothing a person has to act on. */
export function drawNoteAttributes(prng: Prng): { name: string; value: string }[] {
  return prng.chance(0.1) ? [prng.pick(CHECKOUT_ATTRIBUTES)] : [];
}
