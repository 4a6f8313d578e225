/** Synthetic WooCommerce customers and order notes (example.com addresses, invented names). */
import type { Prng } from '../common/prng.ts';

export interface WooAddress {
  firstName: string;
  lastName: string;
  address1: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
}

export interface Buyer {
  /** 0 = a guest checkout, as WooCommerce writes it. */
  customerId: number;
  email: string;
  phone: string;
  billing: WooAddress;
}

const FIRST = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Felipe', 'Gabi', 'Hugo', 'Irene', 'João', 'Karin', 'Luca', 'Marta', 'Nils'];
const LAST = ['Almeida', 'Berg', 'Costa', 'Duarte', 'Esposito', 'Ferreira', 'Gomes', 'Hansen', 'Iglesias', 'Jensen', 'Klein', 'Lima'];
const CITIES: [string, string, string][] = [
  ['San Francisco', 'CA', '94103'],
  ['Portland', 'OR', '97205'],
  ['Austin', 'TX', '78701'],
  ['Chicago', 'IL', '60601'],
  ['Boston', 'MA', '02108'],
];
const STREETS = ['Market Street', 'Oak Avenue', 'Mission Street', 'Elm Street', 'Harbor Road'];

/** The same buyerNo always gives the same customer, so a duplicate order repeats its buyer. */
export function buyerFor(buyerNo: number): Buyer {
  const firstName = FIRST[buyerNo % FIRST.length]!;
  const lastName = LAST[(buyerNo * 7) % LAST.length]!;
  const [city, state, postcode] = CITIES[buyerNo % CITIES.length]!;
  return {
    customerId: buyerNo % 3 === 0 ? 0 : 20 + buyerNo,
    email: `${firstName}.${lastName}${buyerNo}@example.com`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
    phone: `(555) 555-${String(1000 + buyerNo).slice(-4)}`,
    billing: { firstName, lastName, address1: `${(buyerNo % 900) + 1} ${STREETS[buyerNo % STREETS.length]}`, city, state, postcode, country: 'US' },
  };
}

/** An address a person has to fix before shipping: no street, no postcode. */
export function spoilAddress(address: WooAddress): WooAddress {
  return { ...address, address1: '??', postcode: '' };
}

const CUSTOMER_NOTES = [
  'Please change the size to L, I ordered the wrong one.',
  'It is a gift - please leave out the invoice and add a card saying "Happy birthday, Mum".',
  'Can you ship this together with my order from yesterday?',
  'Please deliver to my office instead: 12 Harbor Road, 2nd floor.',
  'I need this before Friday - can you upgrade the shipping? I will pay the difference.',
];

const HARMLESS_NOTES = ['Thanks!', 'Thank you so much', 'Please ship soon, thanks'];

/** A note that asks for nothing: a review rule's harmless phrases let it pass. */
export function drawHarmlessNote(prng: Prng): string {
  return prng.pick(HARMLESS_NOTES);
}

export function drawCustomerNote(prng: Prng): string {
  return prng.pick(CUSTOMER_NOTES);
}
