import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareReview } from './compare-review.ts';

const order = (id: string, needsReview: boolean) => ({ channel: '1', externalId: id, labels: { needsReview, reasons: needsReview ? ['quantity_typo'] : [] } });

test('recall counts labelled orders held; false holds are unlabelled holds over all orders', () => {
  const orders = [order('a', true), order('b', true), order('c', false), order('d', false)];
  const figures = compareReview(orders, [
    { connectionId: '1', externalId: 'a', rules: ['quantity_anomaly'] },
    { connectionId: '1', externalId: 'c', rules: ['buyer_message'] },
  ]);
  assert.equal(figures.reviewLabelled, 2);
  assert.equal(figures.reviewHeld, 2);
  assert.equal(figures.reviewRecall, 0.5);
  assert.equal(figures.reviewFalseHoldRate, 0.25);
  assert.deepEqual(figures.examples, ['review missed 1:b (quantity_typo)', 'review held 1:c without a label (buyer_message)']);
});

test('with nothing labelled, recall is 1 and holds of unknown orders are not counted', () => {
  const figures = compareReview([order('a', false)], [{ connectionId: '9', externalId: 'x', rules: ['duplicate'] }]);
  assert.equal(figures.reviewRecall, 1);
  assert.equal(figures.reviewFalseHoldRate, 0);
  assert.equal(figures.reviewHeld, 0);
});
