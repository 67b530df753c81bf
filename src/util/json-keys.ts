// ArangoDB parses request bodies with VelocyPack's attribute uniqueness check: an object
// that names an attribute twice is 400/600, where JSON.parse keeps the last value. This
// scan finds such objects in text JSON.parse has already accepted (so it is valid JSON).

/**
 * Whether valid JSON `text` has an object with a repeated key. Keys are compared as
 * JSON.parse reads them (`"a"` and `"\u0061"` are the same key).
 */
export function hasDuplicateKeys(text: string): boolean {
  // per open object its keys so far; null for an open array
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; ; i++) {
        const d = text.charCodeAt(i);
        if (d === 34) break;
        if (d === 92 /* \ */) {
          escaped = true;
          i++;
        }
      }
      if (expectKey) {
        const keys = open[open.length - 1]!;
        const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
    } else if (c === 123 /* { */) {
      open.push(new Set());
      expectKey = true;
    } else if (c === 91 /* [ */) {
      open.push(null);
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      open.pop();
      expectKey = false;
    } else if (c === 44 /* , */) {
      expectKey = open[open.length - 1] !== null;
    }
  }
  return false;
}
