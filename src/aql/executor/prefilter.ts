// Byte needles for a collection scan's early-pruning filter: conditions every matching
// document's stored bytes must satisfy, so that the scan decodes only the documents that
// can match (storage/documents.ts PrefilteredScanReader).
//
// Invariant: a document the filter lets through contains, for every returned list, one of
// its needles in its msgpack bytes. It holds because the needles come only from top-level
// conjuncts `v.path == "s"` and `v.path IN ["s", ...]` (either side), and in AQL a value
// equal to a string is that very string (distinct strings never compare equal), which
// msgpack stores as its UTF-8 bytes. Strings with lone surrogates (whose UTF-8 form is not
// canonical) and the empty string give no needle; neither does `_id`, which is not stored.
//
// Attribute probes (storage/record-probe.ts) do the same for any comparison of a top-level
// attribute with a constant (`v.a < 3`, `"x" != v.a`, `v.a IN [1, 2]`): the scan reads that
// attribute's scalar from the bytes and drops the document when the comparison is false,
// which makes the conjunction, and so the filter, false. They are built only for a filter
// that cannot throw or warn (constants, variables, attributes, comparisons, !, && and ||):
// a dropped document is then one whose filter would have been false without side effects.
import type { RExpr, Variable } from '../planner/ir.js';
import type { Probe, Scalar } from '../../storage/record-probe.js';
import { compareOp } from './expression.js';

/** True for `v.a.b...` whose first name is not `_id` (the one attribute a document does not store). */
function isPath(e: RExpr, v: Variable): boolean {
  if (e.k !== 'attr') return false;
  let x: RExpr = e;
  let first = e.name;
  while (x.k === 'attr') {
    first = x.name;
    x = x.obj;
  }
  return x.k === 'var' && x.v === v && first !== '_id';
}

/** A lone surrogate: a UTF-16 high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function needle(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || value === '' || LONE_SURROGATE.test(value)) return undefined;
  // a prefix of the bytes is as necessary as all of them, and bounds the search's work
  return Buffer.from(value, 'utf8').subarray(0, MAX_NEEDLE);
}

/** Bytes of a string a needle keeps. */
const MAX_NEEDLE = 32;

function conjuncts(e: RExpr, out: RExpr[]): RExpr[] {
  if (e.k === 'logical' && e.op === '&&') {
    conjuncts(e.left, out);
    conjuncts(e.right, out);
  } else out.push(e);
  return out;
}

/**
 * Most strings an IN list may have to give needles: each is searched for in every
 * document the others miss, so a long list costs more than decoding.
 */
const MAX_ALTERNATIVES = 8;

/** The needle lists for `filter` over documents in variable `v` (possibly none). */
export function scanNeedles(filter: RExpr, v: Variable): Buffer[][] {
  const lists: Buffer[][] = [];
  for (const c of conjuncts(filter, [])) {
    if (c.k !== 'compare' || (c.op !== '==' && c.op !== 'in')) continue;
    let other: RExpr;
    if (isPath(c.left, v) && c.right.k === 'const') other = c.right;
    else if (c.op === '==' && isPath(c.right, v) && c.left.k === 'const') other = c.left;
    else continue;
    if (other.k !== 'const') continue;
    if (c.op === '==') {
      const n = needle(other.value);
      if (n) lists.push([n]);
    } else if (Array.isArray(other.value) && other.value.length > 0 && other.value.length <= MAX_ALTERNATIVES) {
      const ns = other.value.map(needle);
      if (ns.every((n): n is Buffer => n !== undefined)) lists.push(ns);
    }
  }
  return lists;
}

/** `v.name` with name not `_id`: the attribute's name, else undefined. */
function topLevel(e: RExpr, v: Variable): string | undefined {
  return e.k === 'attr' && e.obj.k === 'var' && e.obj.v === v && e.name !== '_id' ? e.name : undefined;
}

/** True when evaluating `e` can neither throw nor warn. */
function quiet(e: RExpr): boolean {
  switch (e.k) {
    case 'const':
    case 'var':
      return true;
    case 'attr':
      return quiet(e.obj);
    case 'compare':
    case 'logical':
      return quiet(e.left) && quiet(e.right);
    case 'unary':
      return e.op === '!' && quiet(e.operand);
    default:
      return false;
  }
}

const FLIPPED = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' } as const;

/** The attribute probes for `filter` over documents in variable `v` (possibly none). */
export function scanProbes(filter: RExpr, v: Variable): Probe[] {
  if (!quiet(filter)) return [];
  const probes: Probe[] = [];
  for (const c of conjuncts(filter, [])) {
    if (c.k !== 'compare') continue;
    let name = topLevel(c.left, v);
    let op = c.op;
    let other = c.right;
    if (name === undefined && op in FLIPPED) {
      name = topLevel(c.right, v);
      op = FLIPPED[op as keyof typeof FLIPPED];
      other = c.left;
    }
    if (name === undefined || other.k !== 'const') continue;
    const value = other.value;
    probes.push({ name, test: (x: Scalar) => compareOp(op, x, value) });
  }
  return probes;
}
