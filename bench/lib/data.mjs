// The deterministic data set: users of about 300 bytes (_key, name, age, city, tags, a
// nested address) and orders referring to them, from a seeded generator, so that every
// run and both sides of a comparison see the same documents.

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TAGS = ['red', 'green', 'blue', 'admin', 'beta', 'vip', 'new', 'old', 'eu', 'us'];
const STREETS = ['Main Street', 'Station Road', 'High Street', 'Church Lane', 'Park Avenue', 'Mill Road'];
export const CITIES = 100;

export function user(i, rnd) {
  const n = 1 + Math.floor(rnd() * 3);
  const tags = [];
  for (let t = 0; t < n; t++) tags.push(TAGS[Math.floor(rnd() * TAGS.length)]);
  return {
    _key: 'u' + i,
    name: 'user-' + i.toString(36).padStart(6, '0'),
    age: Math.floor(rnd() * 90),
    city: 'city-' + Math.floor(rnd() * CITIES),
    tags,
    address: {
      street: STREETS[Math.floor(rnd() * STREETS.length)] + ' ' + (1 + Math.floor(rnd() * 200)),
      zip: String(10000 + Math.floor(rnd() * 89999)),
      geo: { lat: Math.round(rnd() * 180000 - 90000) / 1000, lon: Math.round(rnd() * 360000 - 180000) / 1000 },
    },
    bio: 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor '.slice(0, 40 + Math.floor(rnd() * 40)),
  };
}

export function order(i, users, rnd) {
  return { _key: 'o' + i, user: 'u' + Math.floor(rnd() * users), amount: Math.floor(rnd() * 100000) / 100, items: 1 + Math.floor(rnd() * 5) };
}

/** Documents [from, to) of a kind, deterministic for a given (kind, from). */
export function* generate(kind, count, users) {
  const rnd = prng(kind === 'users' ? 42 : 4242);
  for (let i = 0; i < count; i++) yield kind === 'users' ? user(i, rnd) : order(i, users, rnd);
}
