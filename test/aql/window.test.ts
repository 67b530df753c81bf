// WINDOW: every example of ArangoDB 3.12's documentation page with its result table (the
// docs' observations dataset), row-based bounds, range-based numeric and duration frames,
// the aggregate functions, several windows in a row and in subqueries, the errors and
// warnings word for word, the plan explain shows (WindowNode, the SORT put before a
// range-based window), streaming with bounded memory, profile and stats.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArangoError } from '../../src/errors/arango-error.js';
import type { AqlValue } from '../../src/values/index.js';
import { parseIndexSpec } from '../../src/storage/indexes.js';
import { openTestDb, type TestDb } from '../helpers/aql-db.js';
import { bodyOf, startServer } from '../helpers/server.js';

/** The docs' observationsSampleDataset, in its insertion order. */
const OBSERVATIONS = [
  { time: '2021-05-25 07:00:00', subject: 'st113', val: 10 },
  { time: '2021-05-25 07:15:00', subject: 'st113', val: 9 },
  { time: '2021-05-25 07:30:00', subject: 'st113', val: 25 },
  { time: '2021-05-25 07:45:00', subject: 'st113', val: 20 },
  { time: '2021-05-25 07:00:00', subject: 'xh458', val: 0 },
  { time: '2021-05-25 07:15:00', subject: 'xh458', val: 10 },
  { time: '2021-05-25 07:30:00', subject: 'xh458', val: 5 },
  { time: '2021-05-25 07:45:00', subject: 'xh458', val: 30 },
  { time: '2021-05-25 08:00:00', subject: 'xh458', val: 25 },
];

const T = (hm: string): string => `2021-05-25 ${hm}:00`;

/** Rows as the docs' tables list them: their columns in order. */
const columns = (rows: AqlValue[], names: string[]): AqlValue[][] => rows.map((r) => names.map((n) => (r as Record<string, AqlValue>)[n]));

interface DocsExample {
  id: string;
  aql: string;
  columns: string[];
  table: AqlValue[][];
}

/** site/content/3.12/aql/high-level-operations/window.md, every example with its table. */
const DOCS: DocsExample[] = [
  {
    id: 'windowAggregationRow',
    aql: `FOR t IN observations
  SORT t.time
  WINDOW { preceding: 1, following: 1 }
  AGGREGATE rollingAverage = AVG(t.val), rollingSum = SUM(t.val)
  WINDOW { preceding: "unbounded", following: 0}
  AGGREGATE cumulativeSum = SUM(t.val)
  RETURN {
time: t.time,
subject: t.subject,
val: t.val,
rollingAverage, // average of the window's values
rollingSum, // sum of the window's values
cumulativeSum   // running total
  }`,
    columns: ['time', 'subject', 'val', 'rollingAverage', 'rollingSum', 'cumulativeSum'],
    table: [
      [T('07:00'), 'st113', 10, 5, 10, 10],
      [T('07:00'), 'xh458', 0, 19 / 3, 19, 10],
      [T('07:15'), 'st113', 9, 19 / 3, 19, 19],
      [T('07:15'), 'xh458', 10, 44 / 3, 44, 29],
      [T('07:30'), 'st113', 25, 40 / 3, 40, 54],
      [T('07:30'), 'xh458', 5, 50 / 3, 50, 59],
      [T('07:45'), 'st113', 20, 55 / 3, 55, 79],
      [T('07:45'), 'xh458', 30, 25, 75, 109],
      [T('08:00'), 'xh458', 25, 27.5, 55, 134],
    ],
  },
  {
    id: 'windowAggregationRowGrouped',
    aql: `FOR t IN observations
  COLLECT subject = t.subject INTO group = t
  LET subquery = (FOR t2 IN group
SORT t2.time
WINDOW { preceding: 1, following: 1 }
AGGREGATE rollingAverage = AVG(t2.val), rollingSum = SUM(t2.val)
WINDOW { preceding: "unbounded", following: 0 }
AGGREGATE cumulativeSum = SUM(t2.val)
RETURN {
  time: t2.time,
  subject: t2.subject,
  val: t2.val,
  rollingAverage,
  rollingSum,
  cumulativeSum
}
  )
  // flatten subquery result
  FOR t2 IN subquery
RETURN t2`,
    columns: ['time', 'subject', 'val', 'rollingAverage', 'rollingSum', 'cumulativeSum'],
    table: [
      [T('07:00'), 'st113', 10, 9.5, 19, 10],
      [T('07:15'), 'st113', 9, 44 / 3, 44, 19],
      [T('07:30'), 'st113', 25, 18, 54, 44],
      [T('07:45'), 'st113', 20, 22.5, 45, 64],
      [T('07:00'), 'xh458', 0, 5, 10, 0],
      [T('07:15'), 'xh458', 10, 5, 15, 10],
      [T('07:30'), 'xh458', 5, 15, 45, 15],
      [T('07:45'), 'xh458', 30, 20, 60, 45],
      [T('08:00'), 'xh458', 25, 27.5, 55, 70],
    ],
  },
  {
    id: 'windowAggregationRangeValue',
    aql: `FOR t IN observations
  WINDOW t.val WITH { preceding: 10, following: 5 }
  AGGREGATE rollingAverage = AVG(t.val), rollingSum = SUM(t.val)
  RETURN {
time: t.time,
subject: t.subject,
val: t.val,
rollingAverage,
rollingSum
  }`,
    columns: ['time', 'subject', 'val', 'rollingAverage', 'rollingSum'],
    table: [
      [T('07:00'), 'xh458', 0, 2.5, 5],
      [T('07:30'), 'xh458', 5, 6.8, 34],
      [T('07:15'), 'st113', 9, 6.8, 34],
      [T('07:00'), 'st113', 10, 6.8, 34],
      [T('07:15'), 'xh458', 10, 6.8, 34],
      [T('07:45'), 'st113', 20, 18, 90],
      [T('07:30'), 'st113', 25, 25, 100],
      [T('08:00'), 'xh458', 25, 25, 100],
      [T('07:45'), 'xh458', 30, 25, 100],
    ],
  },
  {
    id: 'windowAggregationRangeDuration',
    aql: `FOR t IN observations
  WINDOW DATE_TIMESTAMP(t.time) WITH { preceding: "PT30M" }
  AGGREGATE rollingAverage = AVG(t.val), rollingSum = SUM(t.val)
  RETURN {
time: t.time,
subject: t.subject,
val: t.val,
rollingAverage,
rollingSum
  }`,
    columns: ['time', 'subject', 'val', 'rollingAverage', 'rollingSum'],
    table: [
      [T('07:00'), 'st113', 10, 5, 10],
      [T('07:00'), 'xh458', 0, 5, 10],
      [T('07:15'), 'st113', 9, 7.25, 29],
      [T('07:15'), 'xh458', 10, 7.25, 29],
      [T('07:30'), 'st113', 25, 59 / 6, 59],
      [T('07:30'), 'xh458', 5, 59 / 6, 59],
      [T('07:45'), 'st113', 20, 16.5, 99],
      [T('07:45'), 'xh458', 30, 16.5, 99],
      [T('08:00'), 'xh458', 25, 21, 105],
    ],
  },
  {
    // the PUSH example of the COLLECT page ("what values are in the sliding window")
    id: 'collect-page PUSH',
    aql: `FOR t IN observations
  SORT t.time
  WINDOW { preceding: "unbounded", following: 0 }
  AGGREGATE sum = SUM(t.val), values = PUSH(t.val)
  RETURN { sum, values }`,
    columns: ['sum', 'values'],
    table: [
      [10, [10]],
      [10, [10, 0]],
      [19, [10, 0, 9]],
      [29, [10, 0, 9, 10]],
      [54, [10, 0, 9, 10, 25]],
      [59, [10, 0, 9, 10, 25, 5]],
      [79, [10, 0, 9, 10, 25, 5, 20]],
      [109, [10, 0, 9, 10, 25, 5, 20, 30]],
      [134, [10, 0, 9, 10, 25, 5, 20, 30, 25]],
    ],
  },
];

interface RowCase {
  id: string;
  aql: string;
  bind?: Record<string, unknown>;
  rows: AqlValue[];
  warnings?: { code: number; message: string }[];
}

const LIST = 'FOR i IN [1, 2, 3, 4, 5]';

/** Row-based frames: each bound 0, N, absent and unbounded, on either side. */
const ROW_CASES: RowCase[] = [
  { id: 'row-0-0', aql: `${LIST} WINDOW {preceding: 0, following: 0} AGGREGATE v = PUSH(i) RETURN v`, rows: [[1], [2], [3], [4], [5]] },
  { id: 'row-2-absent', aql: `${LIST} WINDOW {preceding: 2} AGGREGATE v = PUSH(i) RETURN v`, rows: [[1], [1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]] },
  { id: 'row-absent-1', aql: `${LIST} WINDOW {following: 1} AGGREGATE v = PUSH(i) RETURN v`, rows: [[1, 2], [2, 3], [3, 4], [4, 5], [5]] },
  { id: 'row-1-2', aql: `${LIST} WINDOW {preceding: 1, following: 2} AGGREGATE v = PUSH(i), s = SUM(i) RETURN [s, v]`, rows: [[6, [1, 2, 3]], [10, [1, 2, 3, 4]], [14, [2, 3, 4, 5]], [12, [3, 4, 5]], [9, [4, 5]]] },
  { id: 'row-unbounded-0', aql: `${LIST} WINDOW {preceding: "unbounded", following: 0} AGGREGATE v = PUSH(i) RETURN v`, rows: [[1], [1, 2], [1, 2, 3], [1, 2, 3, 4], [1, 2, 3, 4, 5]] },
  { id: 'row-unbounded-1', aql: `${LIST} WINDOW {preceding: "unbounded", following: 1} AGGREGATE v = PUSH(i) RETURN v`, rows: [[1, 2], [1, 2, 3], [1, 2, 3, 4], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]] },
  { id: 'row-0-unbounded', aql: `${LIST} WINDOW {preceding: 0, following: "unbounded"} AGGREGATE v = PUSH(i) RETURN v`, rows: [[1, 2, 3, 4, 5], [2, 3, 4, 5], [3, 4, 5], [4, 5], [5]] },
  { id: 'row-1-inf', aql: `${LIST} WINDOW {preceding: 1, following: "inf"} AGGREGATE v = PUSH(i) RETURN v`, rows: [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [2, 3, 4, 5], [3, 4, 5], [4, 5]] },
  { id: 'row-both-unbounded', aql: `${LIST} WINDOW {preceding: "unbounded", following: "unbounded"} AGGREGATE v = PUSH(i), n = COUNT() RETURN [n, v]`, rows: new Array(5).fill([5, [1, 2, 3, 4, 5]]) },
  { id: 'row-fraction', aql: `${LIST} WINDOW {preceding: 1.9, following: 0.5} AGGREGATE v = PUSH(i) RETURN v`, rows: [[1], [1, 2], [2, 3], [3, 4], [4, 5]] },
  { id: 'row-bind', aql: `${LIST} WINDOW {preceding: @p, following: @f} AGGREGATE v = SUM(i) RETURN v`, bind: { p: 1, f: 'unbounded' }, rows: [15, 15, 14, 12, 9] },
  { id: 'row-folded', aql: `${LIST} WINDOW {preceding: 3 - 2, following: LENGTH([1])} AGGREGATE v = SUM(i) RETURN v`, rows: [3, 6, 9, 12, 9] },
  { id: 'row-empty', aql: 'FOR i IN [] WINDOW {preceding: 1} AGGREGATE v = SUM(i) RETURN v', rows: [] },
  { id: 'row-single', aql: 'WINDOW {preceding: 1, following: 1} AGGREGATE n = COUNT(), c = LENGTH(null) RETURN [n, c]', rows: [[1, 1]] },
  { id: 'row-after-limit', aql: 'FOR i IN 1..10 LIMIT 3 WINDOW {following: 5} AGGREGATE s = SUM(i) RETURN s', rows: [6, 5, 3] },
  { id: 'row-limit-after', aql: 'FOR i IN 1..1000000000 WINDOW {preceding: "unbounded"} AGGREGATE s = SUM(i) LIMIT 2, 3 RETURN s', rows: [6, 10, 15] },
  { id: 'row-keeps-scope', aql: `LET k = 10 ${LIST} LET d = i * k WINDOW {preceding: 1} AGGREGATE s = SUM(d) RETURN [i, k, d, s]`, rows: [[1, 10, 10, 10], [2, 10, 20, 30], [3, 10, 30, 50], [4, 10, 40, 70], [5, 10, 50, 90]] },
  {
    id: 'row-chained',
    aql: `${LIST} WINDOW {preceding: 1} AGGREGATE a = SUM(i) WINDOW {following: 1} AGGREGATE b = MAX(a) WINDOW {preceding: "unbounded"} AGGREGATE c = PUSH(b) RETURN [a, b, c]`,
    rows: [[1, 3, [3]], [3, 5, [3, 5]], [5, 7, [3, 5, 7]], [7, 9, [3, 5, 7, 9]], [9, 9, [3, 5, 7, 9, 9]]],
  },
  {
    id: 'row-per-subquery',
    aql: 'FOR n IN [2, 3] LET r = (FOR i IN 1..n WINDOW {preceding: "unbounded"} AGGREGATE s = SUM(i) RETURN s) RETURN r',
    rows: [[1, 3], [1, 3, 6]],
  },
];

const DAY = 86_400_000;
const ts = (iso: string): number => Date.parse(iso);

/** Range-based frames over numbers and over timestamps with ISO 8601 durations. */
const RANGE_CASES: RowCase[] = [
  // rows come out sorted by the range value (ties in input order), each with the rows in [v - preceding, v + following]
  { id: 'range-num', aql: 'FOR v IN [5, 1, 3, 3, 10] WINDOW v WITH {preceding: 2, following: 1} AGGREGATE p = PUSH(v) RETURN [v, p]', rows: [[1, [1]], [3, [1, 3, 3]], [3, [1, 3, 3]], [5, [3, 3, 5]], [10, [10]]] },
  { id: 'range-num-default-0', aql: 'FOR v IN [2, 1, 2, 3] WINDOW v WITH {following: 1} AGGREGATE n = COUNT() RETURN [v, n]', rows: [[1, 3], [2, 3], [2, 3], [3, 1]] },
  { id: 'range-num-fractions', aql: 'FOR v IN [0.5, 1, 1.25, 2] WINDOW v WITH {preceding: 0.5, following: 0.25} AGGREGATE p = PUSH(v) RETURN p', rows: [[0.5], [0.5, 1, 1.25], [1, 1.25], [2]] },
  // negative offsets are accepted, as in ArangoDB: the frame lies wholly above (or below) the value
  { id: 'range-num-negative', aql: 'FOR v IN [1, 2, 3, 4] WINDOW v WITH {preceding: -1, following: 2} AGGREGATE p = PUSH(v) RETURN [v, p]', rows: [[1, [2, 3]], [2, [3, 4]], [3, [4]], [4, []]] },
  { id: 'range-expr', aql: 'FOR d IN [{x: 3}, {x: 1}, {x: 2}] WINDOW d.x * 10 WITH {preceding: 10} AGGREGATE s = SUM(d.x) RETURN [d.x, s]', rows: [[1, 1], [2, 3], [3, 5]] },
  // values that are not numbers: their aggregates are null, with ArangoDB's warning
  {
    id: 'range-num-invalid',
    aql: 'FOR v IN [2, "x", 1, {}, 10] WINDOW v WITH {preceding: 1, following: 1} AGGREGATE n = COUNT() RETURN [v, n]',
    rows: [[1, 2], [2, 2], [10, 1], ['x', null], [{}, null]],
    warnings: [
      { code: 1561, message: 'invalid arithmetic value' },
      { code: 1561, message: 'invalid arithmetic value' },
    ],
  },
  { id: 'range-num-casts', aql: 'FOR v IN [null, false, true, [2]] WINDOW v WITH {following: 1} AGGREGATE n = COUNT() RETURN n', rows: [3, 3, 2, 1] },
  { id: 'range-duration', aql: 'FOR v IN [0, 1000, 1999, 2000, 5000] WINDOW v WITH {preceding: "PT1S", following: "PT0.5S"} AGGREGATE p = PUSH(v) RETURN p', rows: [[0], [0, 1000], [1000, 1999, 2000], [1000, 1999, 2000], [5000]] },
  // months move the calendar date (Jan 31 + 1 month = "Feb 31" = Mar 3), inclusive at both ends
  {
    id: 'range-months',
    aql: 'FOR v IN @ts WINDOW v WITH {following: "P1M"} AGGREGATE n = COUNT() RETURN n',
    bind: { ts: [ts('2021-01-31T00:00:00Z'), ts('2021-03-01T00:00:00Z'), ts('2021-03-03T00:00:00Z'), ts('2021-03-03T00:00:00.001Z')] },
    rows: [3, 3, 2, 1],
  },
  {
    id: 'range-leap-year',
    aql: 'FOR v IN @ts WINDOW v WITH {preceding: "P1Y"} AGGREGATE first = MIN(v) RETURN DATE_ISO8601(first)',
    bind: { ts: [ts('2023-02-28T00:00:00Z'), ts('2023-03-01T00:00:00Z'), ts('2024-02-29T00:00:00Z')] },
    rows: ['2023-02-28T00:00:00.000Z', '2023-02-28T00:00:00.000Z', '2023-03-01T00:00:00.000Z'],
  },
  { id: 'range-weeks-days', aql: 'FOR v IN [0, @d8, @d9] WINDOW v WITH {preceding: "P1W1D"} AGGREGATE n = COUNT() RETURN n', bind: { d8: 8 * DAY, d9: 9 * DAY }, rows: [1, 2, 2] },
  {
    id: 'range-duration-invalid',
    aql: 'FOR v IN [1000, "2021-01-01", 1e20, 2500] WINDOW v WITH {preceding: "PT1S"} AGGREGATE n = COUNT() RETURN [v, n]',
    rows: [[1000, 1], [2500, 1], [1e20, null], ['2021-01-01', null]],
    warnings: [
      { code: 1572, message: 'range value is not a valid timepoint (out of range)' },
      { code: 1572, message: 'invalid date value' },
    ],
  },
];

interface ErrorCase {
  id: string;
  aql: string;
  bind?: Record<string, unknown>;
  errorNum: number;
  message: string;
  phase: string;
}

const ROW_SPEC = 'WINDOW row spec is invalid; bounds must be positive integers or "unbounded"';

/** ArangoDB's errors, with the phase its Query reports them in. */
const ERRORS: ErrorCase[] = [
  { id: 'row-negative', aql: 'FOR i IN 1..3 WINDOW {preceding: -1} AGGREGATE s = SUM(i) RETURN s', errorNum: 10, message: ROW_SPEC, phase: 'instantiating plan' },
  { id: 'row-string', aql: 'FOR i IN 1..3 WINDOW {following: "1"} AGGREGATE s = SUM(i) RETURN s', errorNum: 10, message: ROW_SPEC, phase: 'instantiating plan' },
  { id: 'row-case', aql: 'FOR i IN 1..3 WINDOW {preceding: "Unbounded"} AGGREGATE s = SUM(i) RETURN s', errorNum: 10, message: ROW_SPEC, phase: 'instantiating plan' },
  { id: 'row-null', aql: 'FOR i IN 1..3 WINDOW {preceding: 1, following: null} AGGREGATE s = SUM(i) RETURN s', errorNum: 10, message: ROW_SPEC, phase: 'instantiating plan' },
  { id: 'row-duration', aql: 'FOR i IN 1..3 WINDOW {preceding: "PT1H"} AGGREGATE s = SUM(i) RETURN s', errorNum: 10, message: ROW_SPEC, phase: 'instantiating plan' },
  { id: 'range-type', aql: 'FOR i IN 1..3 WINDOW i WITH {preceding: true} AGGREGATE s = SUM(i) RETURN s', errorNum: 10, message: 'WINDOW range spec is invalid', phase: 'instantiating plan' },
  { id: 'range-array', aql: 'FOR i IN 1..3 WINDOW i WITH {preceding: 1, following: [1]} AGGREGATE s = SUM(i) RETURN s', errorNum: 10, message: 'WINDOW range spec is invalid', phase: 'instantiating plan' },
  {
    id: 'range-mixed',
    aql: 'FOR i IN 1..3 WINDOW i WITH {preceding: 1, following: "PT1H"} AGGREGATE s = SUM(i) RETURN s',
    errorNum: 10,
    message: 'WINDOW range spec is invalid; bounds must be of the same type - either both are numeric values, or both are ISO 8601 duration strings',
    phase: 'instantiating plan',
  },
  { id: 'range-bad-preceding', aql: 'FOR i IN 1..3 WINDOW i WITH {preceding: "P1H"} AGGREGATE s = SUM(i) RETURN s', errorNum: 10, message: "WINDOW range spec is invalid; 'preceding' is not a valid ISO 8601 duration string", phase: 'instantiating plan' },
  { id: 'range-unbounded', aql: 'FOR i IN 1..3 WINDOW i WITH {preceding: "unbounded"} AGGREGATE s = SUM(i) RETURN s', errorNum: 10, message: "WINDOW range spec is invalid; 'preceding' is not a valid ISO 8601 duration string", phase: 'instantiating plan' },
  { id: 'range-bad-following', aql: 'FOR i IN 1..3 WINDOW i WITH {following: "PT0.1234S"} AGGREGATE s = SUM(i) RETURN s', errorNum: 10, message: "WINDOW range spec is invalid; 'following' is not a valid ISO 8601 duration string", phase: 'instantiating plan' },
  { id: 'bound-variable', aql: 'FOR i IN 1..3 WINDOW {preceding: i} AGGREGATE s = SUM(i) RETURN s', errorNum: 1575, message: 'WINDOW bounds must be determined at compile time', phase: 'instantiating plan' },
  { id: 'bound-let', aql: 'LET n = 1 FOR i IN 1..3 WINDOW i WITH {following: n} AGGREGATE s = SUM(i) RETURN s', errorNum: 1575, message: 'WINDOW bounds must be determined at compile time', phase: 'instantiating plan' },
  { id: 'bound-random', aql: 'FOR i IN 1..3 WINDOW {preceding: 1, following: FLOOR(RAND())} AGGREGATE s = SUM(i) RETURN s', errorNum: 1575, message: 'WINDOW bounds must be determined at compile time', phase: 'instantiating plan' },
  { id: 'agg-function', aql: 'FOR i IN 1..3 WINDOW {preceding: 1} AGGREGATE s = CONCAT(i) RETURN s', errorNum: 1574, message: 'invalid aggregate expression', phase: 'parsing' },
  { id: 'agg-unknown', aql: 'FOR i IN 1..3 WINDOW {preceding: 1} AGGREGATE s = NOFUNC(i) RETURN s', errorNum: 1574, message: 'invalid aggregate expression', phase: 'parsing' },
  { id: 'agg-arguments', aql: 'FOR i IN 1..3 WINDOW {preceding: 1} AGGREGATE s = avg() RETURN s', errorNum: 1541, message: "invalid number of arguments for function 'avg()', expected number of arguments: minimum: 1, maximum: 1", phase: 'parsing' },
  { id: 'agg-redeclared', aql: 'FOR i IN 1..3 WINDOW {preceding: 1} AGGREGATE i = SUM(i) RETURN i', errorNum: 1511, message: "variable 'i' is assigned multiple times", phase: 'parsing' },
  { id: 'agg-same-window', aql: 'FOR i IN 1..3 WINDOW {preceding: 1} AGGREGATE a = SUM(i), b = SUM(a) RETURN b', errorNum: 1512, message: "use of COLLECT variable 'a' inside same COLLECT near 'RETURN b' at position 1:70", phase: 'parsing' },
  { id: 'spec-empty', aql: 'FOR i IN 1..3 WINDOW {} AGGREGATE s = SUM(i) RETURN s', errorNum: 1501, message: "At least one WINDOW bound must be specified ('preceding'/'following') near 'RETURN s' at position 1:46", phase: 'parsing' },
  {
    id: 'spec-attribute',
    aql: 'FOR i IN 1..3 WINDOW i WITH {preceding: 1, range: 2} AGGREGATE s = SUM(i) RETURN s',
    errorNum: 1501,
    message: `Invalid WINDOW attribute 'range'; only "preceding" and "following" are supported near 'RETURN s' at position 1:75`,
    phase: 'parsing',
  },
  { id: 'spec-twice', aql: 'FOR i IN 1..3 WINDOW {following: 1, following: 2} AGGREGATE s = SUM(i) RETURN s', errorNum: 1501, message: "WINDOW attribute 'following' is specified multiple times near 'RETURN s' at position 1:72", phase: 'parsing' },
  { id: 'after-insert', aql: 'FOR i IN 1..3 INSERT {i} INTO obs2 WINDOW {preceding: 1} AGGREGATE s = SUM(i) RETURN s', errorNum: 1595, message: 'window operation after data-modification', phase: 'parsing' },
  { id: 'after-update', aql: 'FOR o IN obs2 UPDATE o WITH {x: 1} IN obs2 WINDOW {preceding: 1} AGGREGATE s = SUM(1) RETURN s', errorNum: 1595, message: 'window operation after data-modification', phase: 'parsing' },
];

/** The aggregate functions WINDOW supports (aliases included), each checked against the AQL function of its frames. */
const FUNCTIONS = [
  'LENGTH', 'COUNT', 'MIN', 'MAX', 'SUM', 'AVERAGE', 'AVG', 'STDDEV_POPULATION', 'STDDEV', 'STDDEV_SAMPLE', 'VARIANCE_POPULATION',
  'VARIANCE', 'VARIANCE_SAMPLE', 'UNIQUE', 'SORTED_UNIQUE', 'COUNT_DISTINCT', 'COUNT_UNIQUE', 'BIT_AND', 'BIT_OR', 'BIT_XOR', 'PUSH',
];

function fails(c: ErrorCase) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof ArangoError, String(e));
    assert.equal(e.errorNum, c.errorNum);
    assert.equal(e.message, c.message);
    assert.equal(e.phase, c.phase);
    return true;
  };
}

describe('AQL WINDOW', () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb({ observations: OBSERVATIONS, obs2: [{ v: 1 }] });
  });
  after(async () => {
    await db.close();
  });

  describe('the examples of the documentation page, with their result tables', () => {
    for (const c of DOCS) {
      it(`${c.id}`, async () => {
        const r = await db.runFull(c.aql);
        assert.deepEqual(columns(r.rows, c.columns), c.table);
        assert.deepEqual(r.warnings, []);
      });
    }
  });

  describe('row-based frames', () => {
    for (const c of ROW_CASES) {
      it(`${c.id}: ${c.aql}`, async () => {
        const r = await db.runFull(c.aql, c.bind ?? {});
        assert.deepEqual(r.rows, c.rows);
        assert.deepEqual(r.warnings, c.warnings ?? []);
      });
    }

    it('gives each row the frame around it across input batches (2500 rows, pulled 1000 at a time)', async () => {
      const rows = await db.run('FOR i IN 0..2499 WINDOW {preceding: 2, following: 3} AGGREGATE s = SUM(i), n = COUNT() RETURN [i, s, n]');
      assert.equal(rows.length, 2500);
      for (const [i, s, n] of rows as number[][]) {
        const lo = Math.max(0, i - 2);
        const hi = Math.min(2499, i + 3);
        assert.deepEqual([s, n], [((lo + hi) * (hi - lo + 1)) / 2, hi - lo + 1], `row ${i}`);
      }
    });
  });

  describe('range-based frames', () => {
    for (const c of RANGE_CASES) {
      it(`${c.id}: ${c.aql}`, async () => {
        const r = await db.runFull(c.aql, c.bind ?? {});
        assert.deepEqual(r.rows, c.rows);
        assert.deepEqual(r.warnings, c.warnings ?? []);
      });
    }

    it('gives each row the rows of its range across input batches (3000 rows, shuffled, ties in pairs)', async () => {
      const rows = await db.run('FOR i IN 0..2999 SORT (i * 7919) % 3000 WINDOW FLOOR(i / 2) WITH {preceding: 3, following: 1} AGGREGATE n = COUNT(), lo = MIN(i), hi = MAX(i) RETURN [FLOOR(i / 2), n, lo, hi]');
      assert.equal(rows.length, 3000);
      for (const [v, n, lo, hi] of rows as number[][]) {
        const first = Math.max(0, v - 3) * 2;
        const last = Math.min(1499, v + 1) * 2 + 1;
        assert.deepEqual([n, lo, hi], [last - first + 1, first, last], `value ${v}`);
      }
    });
  });

  describe('aggregate functions', () => {
    for (const fn of FUNCTIONS) {
      it(`${fn}() over each frame equals ${fn}() of the frame's values`, async () => {
        const values = [3, 1, 4, 1, 5, 9, 2, 6];
        const got = await db.run(`FOR v IN @values WINDOW {preceding: 1, following: 2} AGGREGATE x = ${fn}(v) RETURN x`, { values });
        const frames = values.map((_, i) => values.slice(Math.max(0, i - 1), i + 3));
        const want = fn === 'COUNT' || fn === 'LENGTH' ? frames.map((f) => f.length) : fn === 'PUSH' ? frames : (await db.run(`FOR f IN @frames RETURN ${fn}(f)`, { frames }));
        assert.deepEqual(got, want);
      });
    }

    it('counts rows with LENGTH() / COUNT() without an argument, nulls included with an argument', async () => {
      const rows = await db.run('FOR v IN [null, 1, null] WINDOW {preceding: "unbounded"} AGGREGATE a = COUNT(), b = LENGTH(v), c = COUNT(v) RETURN [a, b, c]');
      assert.deepEqual(rows, [[1, 1, 1], [2, 2, 2], [3, 3, 3]]);
    });
  });

  describe('errors', () => {
    for (const c of ERRORS) {
      it(`${c.id}: ${c.aql} fails with ${c.errorNum}`, async () => {
        await assert.rejects(db.run(c.aql, c.bind ?? {}), fails(c));
      });
    }

    it('answers POST /_api/cursor with the error, its phase in the message', async () => {
      const s = await startServer([], { startJobs: false });
      try {
        const res = await s.request({ method: 'POST', url: '/_api/cursor', body: { query: 'FOR i IN 1..3 WINDOW {preceding: -1} AGGREGATE s = SUM(i) RETURN s' } });
        assert.equal(res.statusCode, 400);
        assert.deepEqual(bodyOf(res), { error: true, code: 400, errorNum: 10, errorMessage: `AQL: ${ROW_SPEC} (while instantiating plan)` });
        const ok = await s.request({ method: 'POST', url: '/_api/query', body: { query: 'FOR e IN [] WINDOW { preceding: 1 } AGGREGATE i = LENGTH() RETURN 1' } });
        assert.equal(ok.statusCode, 200);
      } finally {
        await s.close();
      }
    });
  });

  describe('plans', () => {
    const v = (id: number, name: string) => ({ id, name, isFullDocumentFromCollection: false, isDataFromCollection: false });
    const strip = (n: Record<string, unknown>) => {
      const { estimatedCost, estimatedNrItems, dependencies, ...rest } = n;
      void estimatedCost, void estimatedNrItems, void dependencies;
      return rest;
    };

    it('shows a row-based WINDOW as a WindowNode with its aggregates and bounds', () => {
      const ex = db.explain('FOR i IN 1..5 WINDOW {preceding: "unbounded", following: 2} AGGREGATE s = SUM(i), n = COUNT() RETURN [s, n]');
      const nodes = ex.plan.nodes.map(strip);
      assert.deepEqual(nodes.map((n: { type: string }) => n.type), ['SingletonNode', 'CalculationNode', 'EnumerateListNode', 'WindowNode', 'CalculationNode', 'ReturnNode']);
      assert.deepEqual(nodes[3], {
        type: 'WindowNode',
        id: 4,
        aggregates: [
          { outVariable: v(2, 's'), inVariable: v(1, 'i'), type: 'SUM' },
          { outVariable: v(3, 'n'), type: 'LENGTH' },
        ],
        preceding: 'unbounded',
        following: 2,
      });
    });

    it('sorts by the range value right before a range-based WINDOW, which names that variable', () => {
      const ex = db.explain('FOR t IN observations WINDOW DATE_TIMESTAMP(t.time) WITH {preceding: "P1Y2M3W4DT5H6M7.089S", following: "PT90M"} AGGREGATE a = AVG(t.val) RETURN a');
      const nodes = ex.plan.nodes.map(strip);
      assert.deepEqual(nodes.map((n: { type: string }) => n.type), ['SingletonNode', 'EnumerateCollectionNode', 'CalculationNode', 'SortNode', 'CalculationNode', 'WindowNode', 'ReturnNode']);
      assert.deepEqual(nodes[3], { type: 'SortNode', id: 4, elements: [{ inVariable: v(1, '1'), ascending: true }], stable: false, limit: 0, strategy: 'standard' });
      assert.deepEqual(nodes[5], {
        type: 'WindowNode',
        id: 6,
        rangeVariable: v(1, '1'),
        aggregates: [{ outVariable: v(3, 'a'), inVariable: v(2, '2'), type: 'AVERAGE' }],
        preceding: 'P1Y2M3W4DT5H6M7.089S',
        following: 'PT90M',
      });
      const numeric = db.explain('FOR t IN observations WINDOW t.val WITH {following: 2.5} AGGREGATE u = UNIQUE(t.subject) RETURN u').plan.nodes.find((n: { type: string }) => n.type === 'WindowNode');
      assert.deepEqual([numeric.preceding, numeric.following], [0, 2.5]);
      const zero = db.explain('FOR t IN observations WINDOW t.val WITH {following: "PT0S"} AGGREGATE u = MAX(1) RETURN u').plan.nodes.find((n: { type: string }) => n.type === 'WindowNode');
      assert.deepEqual([zero.preceding, zero.following], ['P0D', 'P0D']);
    });

    it('lets use-index-for-sort replace that SORT by a persistent index on the range attribute', async () => {
      await db.storage.indexes.ensure('_system', 'observations', parseIndexSpec({ type: 'persistent', fields: ['val'], name: 'byVal' }));
      const q = DOCS[2].aql;
      const ex = db.explain(q);
      assert.deepEqual(ex.plan.nodes.map((n: { type: string }) => n.type), ['SingletonNode', 'IndexNode', 'CalculationNode', 'WindowNode', 'CalculationNode', 'ReturnNode']);
      assert.ok(ex.plan.rules.includes('use-index-for-sort'));
      const r = await db.runFull(q);
      assert.deepEqual(columns(r.rows, DOCS[2].columns), DOCS[2].table);
    });

    it('reports the WindowNode in profile 2 and leaves the statistics as they were', async () => {
      const q = 'FOR t IN observations SORT t.time, t.subject WINDOW {preceding: 1} AGGREGATE s = SUM(t.val) FILTER s > 20 RETURN s';
      const r = (await db.runFull(q, {}, { profile: 2 })) as unknown as { rows: AqlValue[]; stats: Record<string, any>; plan: { nodes: { id: number; type: string }[] } };
      assert.deepEqual(r.rows, [35, 30, 25, 50, 55]);
      const window = r.plan.nodes.find((n) => n.type === 'WindowNode')!;
      const stat = r.stats.nodes.find((n: { id: number }) => n.id === window.id);
      assert.deepEqual([stat.items, stat.filtered], [9, 0]);
      assert.deepEqual([r.stats.scannedFull, r.stats.filtered], [9, 4]);
    });
  });

  describe('memory', () => {
    const rows = 'FOR i IN 1..30000 LET d = {i, pad: CONCAT("row ", i, " of a window that keeps only a few rows at a time")}';
    const limit = { memoryLimit: 2_000_000 };

    it('holds only the frame of a bounded row-based window and of a running total', async () => {
      const bounded = await db.runFull(`${rows} WINDOW {preceding: 5, following: 5} AGGREGATE s = SUM(d.i) COLLECT AGGREGATE t = SUM(s) RETURN t`, {}, limit);
      let total = 0;
      for (let i = 1; i <= 30000; i++) for (let j = Math.max(1, i - 5); j <= Math.min(30000, i + 5); j++) total += j;
      assert.deepEqual(bounded.rows, [total]);
      const running = await db.runFull(`${rows} WINDOW {preceding: "unbounded"} AGGREGATE s = SUM(d.i) COLLECT AGGREGATE t = MAX(s) RETURN t`, {}, limit);
      assert.deepEqual(running.rows, [(30000 * 30001) / 2]);
      assert.ok(bounded.stats.peakMemoryUsage < 1_000_000, `peak ${bounded.stats.peakMemoryUsage}`);
      assert.ok(running.stats.peakMemoryUsage < 1_000_000, `peak ${running.stats.peakMemoryUsage}`);
    });

    it('holds every row when following is unbounded (memoryLimit applies)', async () => {
      await assert.rejects(db.run(`${rows} WINDOW {preceding: 0, following: "unbounded"} AGGREGATE s = MAX(d.i) RETURN s`, {}, limit), (e: unknown) => {
        assert.ok(e instanceof ArangoError);
        assert.deepEqual([e.errorNum, e.message], [32, 'query would use more memory than allowed (resource limit exceeded)']);
        return true;
      });
    });
  });
});
