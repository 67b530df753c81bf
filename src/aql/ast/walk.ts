// Generic traversal of the AST: the children of every node kind (a table typed over all
// kinds, so a new kind fails to compile until it is listed) and the bind parameters a
// query declares, as POST /_api/query reports them. Read-only; builds no nodes.
import type { ExpansionNode, Expr, GraphSubject, Node, NodeType, ObjectMember, Query } from './nodes.js';

/** The node kind whose `type` can be K (UPDATE and REPLACE share one interface). */
export type NodeOfType<U, K> = U extends { type: infer T } ? (K extends T ? U : never) : never;

type ChildrenOf = { [K in NodeType]: (n: NodeOfType<Node, K>) => readonly (Node | undefined)[] };

const memberParts = (m: ObjectMember): Expr[] => (typeof m.key === 'string' ? [m.value] : [m.key, m.value]);

const quantifierParts = (q: ExpansionNode['quantifier']): Expr[] =>
  q === undefined ? [] : q.kind === 'range' ? [q.from, q.to] : q.kind === 'count' || q.kind === 'atLeast' ? [q.count] : [];
const graphParts = (g: GraphSubject): Expr[] => (g.kind === 'graph' ? [g.name] : g.collections.map((c) => c.name));

const CHILDREN: ChildrenOf = {
  value: () => [],
  array: (n) => n.elements,
  object: (n) => n.members.flatMap(memberParts),
  name: () => [],
  bind: () => [],
  bindCollection: () => [],
  attribute: (n) => [n.object],
  bindAttribute: (n) => [n.object],
  index: (n) => [n.object, n.index],
  expansion: (n) => [n.object, ...quantifierParts(n.quantifier), n.filter, n.limit?.offset, n.limit?.count, n.projection],
  unary: (n) => [n.operand],
  binary: (n) => [n.left, n.right],
  logical: (n) => [n.left, n.right],
  arrayCompare: (n) => [n.left, n.quantifier.kind === 'atLeast' ? n.quantifier.count : undefined, n.right],
  ternary: (n) => [n.condition, n.then ?? undefined, n.else],
  range: (n) => [n.from, n.to],
  call: (n) => n.args,
  subquery: (n) => [n.query],
  for: (n) => [n.source, n.options],
  traversal: (n) => [n.depth, n.start, ...graphParts(n.graph), n.prune?.condition, n.options],
  pathSearch: (n) => [n.depth, n.start, n.target, ...graphParts(n.graph), n.options],
  let: (n) => [n.expr],
  filter: (n) => [n.condition],
  sort: (n) => n.elements.flatMap((e) => [e.expr, e.direction]),
  limit: (n) => [n.offset, n.count],
  collect: (n) => [...n.groups.map((g) => g.expr), ...n.aggregates.map((a) => a.expr), n.into?.expr, n.options],
  window: (n) => [n.spec, n.range, ...n.aggregates.map((a) => a.expr)],
  return: (n) => [n.expr],
  insert: (n) => [n.doc, n.collection, n.options],
  update: (n) => [n.key, n.with, n.collection, n.options],
  replace: (n) => [n.key, n.with, n.collection, n.options],
  remove: (n) => [n.key, n.collection, n.options],
  upsert: (n) => [n.search, n.insert, n.update, n.collection, n.options],
  query: (n) => n.statements,
};

/** The direct children of a node, in source order. */
export function childrenOf(node: Node): Node[] {
  const get = CHILDREN[node.type] as (n: Node) => readonly (Node | undefined)[];
  return get(node).filter((c): c is Node => c !== undefined);
}

/** Calls `visit` for every node below and including `root`, parents before children, in source order. */
export function walk(root: Node, visit: (node: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/**
 * Bind parameters in first-occurrence order, as ArangoDB's /_api/query lists them: value
 * parameters by name (`@x` -> "x"), collection parameters with one `@` (`@@c` -> "@c").
 */
export function bindParameterNames(q: Query): string[] {
  const names = new Set<string>(q.withParams ?? []);
  walk(q, (n) => {
    if (n.type === 'bind') names.add(n.name);
    else if (n.type === 'bindCollection') names.add(`@${n.name}`);
    else if (n.type === 'bindAttribute') names.add(n.param);
  });
  return [...names];
}

