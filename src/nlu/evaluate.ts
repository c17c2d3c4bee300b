// Scores of a classifier on labelled messages: accuracy, macro-F1 over the gold intents, per-intent
// precision and recall, and the pairs it confuses most.

export interface Labelled {
  text: string;
  intent: string;
}

export interface IntentScore {
  intent: string;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Confusion {
  expected: string;
  predicted: string;
  count: number;
  examples: string[];
}

export interface Evaluation {
  n: number;
  accuracy: number;
  macro_f1: number;
  per_intent: IntentScore[];
  confusions: Confusion[];
}

/**
 * Reads a prediction at the granularity of a labelled set: a finer intent the set does not use
 * (bot_identity, haggle…) counts as its canonical parent (`counts_as` in its intent file), so sets
 * written with the canonical intents still score it fairly.
 */
export function atGranularityOf(labels: ReadonlySet<string>, parents: ReadonlyMap<string, string>): (predicted: string) => string {
  return (predicted) => {
    let p = predicted;
    for (let hops = 0; !labels.has(p) && parents.has(p) && hops < 4; hops++) p = parents.get(p)!;
    return labels.has(p) ? p : predicted;
  };
}

/** Each intent's canonical parent, from the intents' `counts_as`. */
export function parentsOf(intents: readonly { intent: string; counts_as?: string }[]): Map<string, string> {
  return new Map(intents.filter((i) => i.counts_as).map((i) => [i.intent, i.counts_as!]));
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function evaluate(
  data: readonly Labelled[],
  predict: (text: string) => string,
  { maxConfusions = 10, examplesPerConfusion = 3, parents = new Map<string, string>() as ReadonlyMap<string, string> } = {},
): Evaluation {
  const granular = atGranularityOf(new Set(data.map((d) => d.intent)), parents);
  const truePositive = new Map<string, number>();
  const predictedCount = new Map<string, number>();
  const goldCount = new Map<string, number>();
  const confusions = new Map<string, Confusion>();
  let correct = 0;
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

  for (const { text, intent } of data) {
    const predicted = granular(predict(text));
    bump(goldCount, intent);
    bump(predictedCount, predicted);
    if (predicted === intent) {
      correct += 1;
      bump(truePositive, intent);
      continue;
    }
    const key = `${intent}\u0000${predicted}`;
    const c = confusions.get(key) ?? { expected: intent, predicted, count: 0, examples: [] };
    c.count += 1;
    if (c.examples.length < examplesPerConfusion) c.examples.push(text);
    confusions.set(key, c);
  }

  const perIntent = [...goldCount.keys()].sort().map((intent) => {
    const tp = truePositive.get(intent) ?? 0;
    const precision = ratio(tp, predictedCount.get(intent) ?? 0);
    const recall = ratio(tp, goldCount.get(intent) ?? 0);
    const f1 = ratio(2 * precision * recall, precision + recall);
    return { intent, support: goldCount.get(intent) ?? 0, precision, recall, f1 };
  });
  return {
    n: data.length,
    accuracy: ratio(correct, data.length),
    macro_f1: ratio(perIntent.reduce((s, p) => s + p.f1, 0), perIntent.length),
    per_intent: perIntent,
    confusions: [...confusions.values()].sort((a, b) => b.count - a.count).slice(0, maxConfusions),
  };
}
