/**
 * The review queue against the simulators' ground truth: every order a simulator labelled as
 * needing a person must have been held by the rules (recall), and few others (false holds, as a
 * share of all orders). Holds for stock or mapping are not review rules and are not counted here.
 */
export interface LabelledOrder {
  channel: string;
  externalId: string;
  labels?: { needsReview?: boolean; reasons?: string[] } | undefined;
}

export interface ReviewFigures {
  reviewLabelled: number;
  reviewHeld: number;
  reviewRecall: number;
  reviewFalseHoldRate: number;
  /** A few misses and false holds, for the log. */
  examples: string[];
}

export function compareReview(orders: LabelledOrder[], held: { connectionId: string; externalId: string; rules: string[] }[]): ReviewFigures {
  const heldByKey = new Map(held.map((h) => [`${h.connectionId}:${h.externalId}`, h.rules]));
  const labelled = orders.filter((o) => o.labels?.needsReview);
  const missed = labelled.filter((o) => !heldByKey.has(`${o.channel}:${o.externalId}`));
  const truth = new Set(labelled.map((o) => `${o.channel}:${o.externalId}`));
  const known = new Set(orders.map((o) => `${o.channel}:${o.externalId}`));
  const falseHolds = [...heldByKey].filter(([key]) => known.has(key) && !truth.has(key));
  const round = (n: number) => Math.round(n * 10_000) / 10_000;
  return {
    reviewLabelled: labelled.length,
    reviewHeld: [...heldByKey.keys()].filter((k) => known.has(k)).length,
    reviewRecall: labelled.length === 0 ? 1 : round((labelled.length - missed.length) / labelled.length),
    reviewFalseHoldRate: orders.length === 0 ? 0 : round(falseHolds.length / orders.length),
    examples: [
      ...missed.slice(0, 5).map((o) => `review missed ${o.channel}:${o.externalId} (${o.labels?.reasons?.join(', ')})`),
      ...falseHolds.slice(0, 5).map(([key, rules]) => `review held ${key} without a label (${rules.join(', ')})`),
    ],
  };
}
