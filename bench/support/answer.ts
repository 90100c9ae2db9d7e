// A model's answer as a list of deltas, one word each (with the space or paragraph break after it):
// prose with paragraphs of 60 words and a few long identifiers, as agents write.
const VOCABULARY = (
  'the change is done and tests pass now I will look at retry helper because its backoff ignores ' +
  'retry-after header which server sends on rate limits src/agent/retry.ts computeDelay() so next ' +
  'step reads file then patches function adds case for seconds and milliseconds before running suite'
).split(' ');

export function answerWords(count: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = VOCABULARY[(i * 7 + Math.floor(i / 13)) % VOCABULARY.length]!;
    const last = i === count - 1;
    words.push(last ? `${word}.` : (i + 1) % 60 === 0 ? `${word}.\n\n` : `${word} `);
  }
  return words;
}
