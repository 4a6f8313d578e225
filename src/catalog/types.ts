/** A product as the API and the CLI show it. Money is a decimal string: never a float. */
export interface Product {
  sku: string;
  name: string;
  barcode: string | null;
  category: string | null;
  unitCost: string;
  price: string;
  currency: string;
  isBundle: boolean;
  /** For a bundle: what one unit of it is made of. Empty for a plain product. */
  components: { sku: string; qty: number }[];
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProductInput {
  sku: string;
  name: string;
  barcode?: string | null | undefined;
  category?: string | null | undefined;
  unitCost?: string | number | undefined;
  price?: string | number | undefined;
  currency?: string | undefined;
  components?: { sku: string; qty: number }[] | undefined;
}

export type ProductPatch = Partial<Omit<ProductInput, 'sku'>>;

/** What the inventory needs to know of a SKU to move or reserve its stock. */
export interface ProductRef {
  id: string;
  sku: string;
  isBundle: boolean;
  archived: boolean;
  unitCost: string;
  components: { productId: string; sku: string; qty: number }[];
}

export interface ProductListQuery {
  /** Case-insensitive search in SKU, name and barcode. */
  q?: string | undefined;
  /** Page size, 1 to 500. */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
  includeArchived?: boolean | undefined;
}

export interface ProductPage {
  items: Product[];
  nextCursor: string | null;
}

export interface ImportRowError {
  line: number;
  sku: string | null;
  reason: string;
}

export interface ImportReport {
  /**
   * Why nothing was imported (an empty file, a header without a sku or name column); null when
   * the rows were read. A refused import has no rows and its reason is also the first error.
   */
  refused: string | null;
  /** Data rows read (the header and blank lines are not rows): created + updated + unchanged + failed. */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: ImportRowError[];
}

/** A CSV as one text, a byte or text stream (a file), or any async source of chunks. */
export type CsvSource = string | NodeJS.ReadableStream | AsyncIterable<string | Buffer>;

export interface ImportOptions {
  /** Called after each batch is written with the rows done so far; `total` only once it is known, at the end. */
  onProgress?: ((done: number, total?: number) => void) | undefined;
  /** Rows per INSERT statement (default 500). */
  batchSize?: number | undefined;
}
