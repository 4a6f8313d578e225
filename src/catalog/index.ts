/**
 * The catalog: products, their SKUs and bundles (kits whose stock is derived from components).
 * Other modules use this service and these types, never the products tables.
 */
import type { Result } from '../errors/index.ts';
import type { Db } from '../store/index.ts';
import { importProductsCsv } from './import.ts';
import { listProducts, resolveSkus } from './lookup.ts';
import { archiveProduct, createProduct, getProduct, updateProduct } from './products.ts';
import type { CsvSource, ImportOptions, ImportReport, Product, ProductInput, ProductListQuery, ProductPage, ProductPatch, ProductRef } from './types.ts';

export type * from './types.ts';
export { parseCsv, readCsvRecords, CsvParser, type CsvRecord } from './csv.ts';
export { parseMoney, MONEY_SCALE, type MoneyParse } from './money.ts';
export { bundleIdsContaining, escapeLike, MAX_PAGE_SIZE, productsByNormalisedSku } from './lookup.ts';
export { checkComponentList, type ComponentProblem, type ComponentSpec } from './bundles.ts';
export { readComponentsCell } from './import-rows.ts';
export { checkProductPatch, checkSku, PRODUCT_DEFAULTS, SKU_MAX_LENGTH, COMPONENT_QTY_MAX, type FieldIssue, type ProductFields } from './validation.ts';

export interface CatalogService {
  /**
   * Creates a product, or a bundle when `components` is non-empty. Refusals: REQUEST.INVALID (fields),
   * CATALOG.INVALID_BUNDLE (components), CATALOG.SKU_EXISTS.
   */
  createProduct(input: ProductInput): Promise<Result<Product>>;
  /** Archived products too. Refusal: CATALOG.PRODUCT_NOT_FOUND. */
  getProduct(sku: string): Promise<Result<Product>>;
  /**
   * Changes the fields the patch sets; `components` only on a bundle. Refusals: REQUEST.INVALID,
   * CATALOG.INVALID_BUNDLE, CATALOG.PRODUCT_NOT_FOUND.
   */
  updateProduct(sku: string, patch: ProductPatch): Promise<Result<Product>>;
  /** Soft delete. Refusals: CATALOG.PRODUCT_NOT_FOUND, CATALOG.PRODUCT_IN_USE (a component of a live bundle). */
  archiveProduct(sku: string): Promise<Result<Product>>;
  /** Keyset pages in creation order; archived products only with `includeArchived`. */
  listProducts(query: ProductListQuery): Promise<ProductPage>;
  /** The products behind these SKUs, with bundle components, in one query; unknown SKUs are absent. */
  resolveSkus(skus: readonly string[]): Promise<Map<string, ProductRef>>;
  /** Upserts products from CSV by SKU; bad rows are reported and the rest imported. */
  importProductsCsv(input: CsvSource, options?: ImportOptions): Promise<ImportReport>;
}

export function createCatalogService(db: Db): CatalogService {
  return {
    createProduct: (input) => createProduct(db, input),
    getProduct: (sku) => getProduct(db, sku),
    updateProduct: (sku, patch) => updateProduct(db, sku, patch),
    archiveProduct: (sku) => archiveProduct(db, sku),
    listProducts: (query) => listProducts(db, query),
    resolveSkus: (skus) => resolveSkus(db, skus),
    importProductsCsv: (input, options) => importProductsCsv(db, input, options),
  };
}
