// Classification metrics over a labelled set.

export interface Scores {
  accuracy: number;
  macroF1: number;
  /** F1 per gold label, for the labels in the set. */
  f1: Record<string, number>;
}

/**
 * Accuracy, and macro-F1 over the labels present in gold. A prediction outside those labels
 * (an intent the set does not have) is simply wrong: it adds a false negative and no false positive.
 */
export function score(gold: readonly string[], predicted: readonly string[]): Scores {
  if (gold.length !== predicted.length) throw new Error('score: gold and predicted differ in length');
  const labels = [...new Set(gold)].sort();
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let correct = 0;
  gold.forEach((g, i) => {
    const p = predicted[i]!;
    if (p === g) {
      correct++;
      inc(tp, g);
    } else {
      inc(fn, g);
      inc(fp, p);
    }
  });
  const f1: Record<string, number> = {};
  for (const label of labels) {
    const t = tp.get(label) ?? 0;
    const precision = t / (t + (fp.get(label) ?? 0) || 1);
    const recall = t / (t + (fn.get(label) ?? 0) || 1);
    f1[label] = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  }
  const macroF1 = labels.reduce((s, l) => s + f1[l]!, 0) / (labels.length || 1);
  return { accuracy: correct / (gold.length || 1), macroF1, f1 };
}
