/**
 * The ERP's own control routes beside the common ones: things happening in the ERP that the hub
 * should learn of. POST /_sim/receipt {sku, location, qty, purchaseOrder?}, POST /_sim/count
 * {sku, location, qty}, POST /_sim/product {sku, name, unitCost, price, currency?, barcode?}.
 */
import { jsonResponse, type Router, type SimRequest, type SimResponse } from '../common/http.ts';
import { isMoneyText, FieldReader, readJsonObject } from './validate.ts';
import type { ErpSimProductInput } from './options.ts';
import type { ErpWorld } from './world.ts';

export function addErpControlRoutes(router: Router, world: () => ErpWorld): void {
  router
    .add('POST', '/_sim/receipt', (req) => withFields(req, (f) => {
      const input = { sku: f.text('sku'), location: f.text('location'), qty: f.wholeNumber('qty', 1), purchaseOrder: f.nullableText('purchaseOrder') };
      return f.problem ?? jsonResponse(201, { receipt: world().receive(input) });
    }))
    .add('POST', '/_sim/count', (req) => withFields(req, (f) => {
      const input = { sku: f.text('sku'), location: f.text('location'), qty: f.wholeNumber('qty', 0) };
      return f.problem ?? jsonResponse(201, { count: world().count(input) });
    }))
    .add('POST', '/_sim/product', (req) => withFields(req, (f) => {
      const input: ErpSimProductInput = {
        sku: f.text('sku'), name: f.text('name'), unitCost: moneyOrNull(f, 'unitCost'), price: moneyOrNull(f, 'price'),
      };
      const currency = f.nullableText('currency');
      const barcode = f.nullableText('barcode');
      if (currency !== null) input.currency = currency;
      if (barcode !== null) input.barcode = barcode;
      return f.problem ?? jsonResponse(200, { product: world().saveProduct(input) });
    }));
}

/** Control callers may send amounts as numbers (a test's convenience); the ERP keeps text either way. */
function moneyOrNull(f: FieldReader, name: string): string | null {
  const value = f.raw(name);
  if (value === undefined || value === null) return null;
  const text = typeof value === 'number' || typeof value === 'string' ? String(value) : '';
  return isMoneyText(text) ? text : f.fail(`${name} must be an amount such as "12.50"`, null);
}

function withFields(req: SimRequest, handle: (f: FieldReader) => SimResponse | string): SimResponse {
  const read = readJsonObject(req);
  if ('refused' in read) return read.refused;
  const answer = handle(new FieldReader(read.body));
  return typeof answer === 'string' ? jsonResponse(400, { error: answer }) : answer;
}
