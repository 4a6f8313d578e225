import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRuleValue, compileRule, trialRule, type RuleDefinition } from './rules.ts';

const rule = (over: Partial<RuleDefinition>): RuleDefinition => ({ name: 'r', target: 'attributes.x', type: 'string', expression: 'note', enabled: true, position: 0, ...over });

function compiled(over: Partial<RuleDefinition>) {
  const result = compileRule(rule(over));
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

test('an expression that does not compile is refused with the character position and the token there', () => {
  const result = compileRule(rule({ name: 'gift', expression: 'note_attributes[name = "gift wrap"' }));
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.code, 'MAPPING.RULE_INVALID');
  assert.equal(result.details.position, 34);
  assert.equal(result.details.token, '(end)');
  assert.match(result.message, /"gift" does not compile at character 34 \(near "\(end\)"\): Expected "\]"/);
});

test('an unterminated string is refused with its position', () => {
  const result = compileRule(rule({ expression: 'note = "yes' }));
  assert.ok(!result.ok && result.details.position === 11 && result.details.jsonataCode === 'S0101');
});

test('targets are attributes.<name>, buyerNote or sellerNote, and the notes take text only', () => {
  assert.ok(compileRule(rule({ target: 'attributes.giftWrap', type: 'boolean' })).ok);
  assert.ok(compileRule(rule({ target: 'sellerNote' })).ok);
  const number = compileRule(rule({ target: 'buyerNote', type: 'number' }));
  assert.ok(!number.ok && /declare the rule's type as string/.test(number.message));
  for (const target of ['total', 'attributes.', 'attributes.9lives', 'attributes.a-b']) {
    const result = compileRule(rule({ target }));
    assert.ok(!result.ok && /attributes\.<name>/.test(result.message), target);
  }
});

test('values are checked against the declared type, with a hint that fixes a near miss', () => {
  assert.deepEqual(checkRuleValue('number', 12.5), { kind: 'value', value: 12.5 });
  assert.deepEqual(checkRuleValue('boolean', false), { kind: 'value', value: false });
  assert.deepEqual(checkRuleValue('string', 'Happy Birthday'), { kind: 'value', value: 'Happy Birthday' });
  const stringForNumber = checkRuleValue('number', '12');
  assert.ok(stringForNumber.kind === 'wrong' && stringForNumber.returned === 'the string "12"' && /\$number\(\)/.test(stringForNumber.reason));
  const many = checkRuleValue('string', ['a', 'b']);
  assert.ok(many.kind === 'wrong' && many.returned === '2 values (an array)');
  assert.equal(checkRuleValue('boolean', 'yes').kind, 'wrong');
  assert.equal(checkRuleValue('number', Number.NaN).kind, 'wrong');
  assert.equal(checkRuleValue('string', 'x'.repeat(2_001)).kind, 'wrong');
});

test('nothing and null mean the rule did not fire', () => {
  assert.deepEqual(checkRuleValue('string', undefined), { kind: 'none' });
  assert.deepEqual(checkRuleValue('date', null), { kind: 'none' });
});

test('a date is an ISO day or timestamp: a day stays a day, a timestamp is stored in UTC, anything else is refused', () => {
  assert.deepEqual(checkRuleValue('date', '2026-05-01'), { kind: 'value', value: '2026-05-01' });
  assert.deepEqual(checkRuleValue('date', '2026-05-01T10:00:00+08:00'), { kind: 'value', value: '2026-05-01T02:00:00.000Z' });
  assert.equal(checkRuleValue('date', '2026-02-30').kind, 'wrong');
  assert.equal(checkRuleValue('date', 'Friday').kind, 'wrong');
  const millis = checkRuleValue('date', 1_700_000_000_000);
  assert.ok(millis.kind === 'wrong' && /\$fromMillis/.test(millis.reason));
});

test('a rule sees the payload as $ and the connector reading as $order', async () => {
  const payload = { note_attributes: [{ name: 'gift wrap', value: 'yes' }] };
  const gift = compiled({ type: 'boolean', expression: 'note_attributes[name = "gift wrap"].value = "yes"' });
  assert.deepEqual(await trialRule(gift, payload, {}), { kind: 'value', value: true });
  const note = compiled({ expression: '$uppercase($order.buyerNote)' });
  assert.deepEqual(await trialRule(note, {}, { order: { buyerNote: 'fragile' } }), { kind: 'value', value: 'FRAGILE' });
});

test('a runaway rule is stopped by the time limit and reported, not thrown', async () => {
  const loop = compiled({ expression: '($f := function($n) { $f($n + 1) }; $f(0))' });
  const started = Date.now();
  const trial = await trialRule(loop, {}, {});
  assert.ok(Date.now() - started < 2_000);
  assert.equal(trial.kind, 'failed');
  assert.ok(trial.kind === 'failed' && ['D1011', 'D1012'].includes(trial.jsonataCode ?? ''), JSON.stringify(trial));
});

test('a rule that fails at run time says where and why', async () => {
  const trial = await trialRule(compiled({ type: 'number', expression: '$number(note)' }), { note: 'abc' }, {});
  assert.ok(trial.kind === 'failed' && /failed at character \d+: .*JSONata D3030/.test(trial.reason), JSON.stringify(trial));
});
