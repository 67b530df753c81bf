// Types of the `snowball-stemmers` package (it ships none): Snowball's own stemmers
// compiled to JavaScript, one per language, as libstemmer (ArangoDB's) has them.
declare module 'snowball-stemmers' {
  interface Stemmer {
    stem(word: string): string;
  }
  const snowball: { newStemmer(language: string): Stemmer; algorithms(): string[] };
  export default snowball;
}
