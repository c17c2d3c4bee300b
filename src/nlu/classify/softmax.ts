// Multinomial logistic regression over sparse, L2-normalized TF-IDF features, trained by
// mini-batch-free SGD with AdaGrad step sizes and L2 decay. Deterministic: a seeded shuffle.

export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface SoftmaxModel {
  classes: number;
  features: number;
  weights: Float64Array; // classes × features, row-major by feature: weights[f * classes + c]
  bias: Float64Array;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Raw class scores (logits) of one example. */
export function logits(model: SoftmaxModel, x: SparseVector, out = new Float64Array(model.classes)): Float64Array {
  out.set(model.bias);
  const { classes, weights } = model;
  for (let k = 0; k < x.indices.length; k++) {
    const base = x.indices[k]! * classes;
    const v = x.values[k]!;
    for (let c = 0; c < classes; c++) out[c]! += weights[base + c]! * v;
  }
  return out;
}

/** Softmax with a temperature, in place. */
export function softmax(scores: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp((scores[c]! - max) / temperature);
    sum += scores[c]!;
  }
  for (let c = 0; c < scores.length; c++) scores[c]! /= sum;
  return scores;
}

/** Examples between two pauses of an incremental training (see trainSoftmaxSteps). */
export const EXAMPLES_PER_STEP = 256;

export function trainSoftmax(
  xs: readonly SparseVector[],
  ys: readonly number[],
  classes: number,
  features: number,
  options: TrainOptions,
): SoftmaxModel {
  const steps = trainSoftmaxSteps(xs, ys, classes, features, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * trainSoftmax in steps of EXAMPLES_PER_STEP examples: a caller that must stay responsive (a
 * server re-training on a shop's edit) can pause between them.
 */
export function* trainSoftmaxSteps(
  xs: readonly SparseVector[],
  ys: readonly number[],
  classes: number,
  features: number,
  options: TrainOptions,
): Generator<void, SoftmaxModel> {
  const model: SoftmaxModel = {
    classes,
    features,
    weights: new Float64Array(classes * features),
    bias: new Float64Array(classes),
  };
  const gradSquares = new Float64Array(classes * features).fill(1e-8);
  const biasSquares = new Float64Array(classes).fill(1e-8);
  const random = mulberry32(options.seed);
  const order = xs.map((_, i) => i);
  const p = new Float64Array(classes);
  const { learningRate, l2 } = options;
  const { weights, bias } = model;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let e = 0; e < order.length; e++) {
      if (e > 0 && e % EXAMPLES_PER_STEP === 0) yield;
      const n = order[e]!;
      const x = xs[n]!;
      softmax(logits(model, x, p));
      p[ys[n]!]! -= 1; // gradient of cross-entropy w.r.t. logits
      for (let c = 0; c < classes; c++) {
        const g = p[c]!;
        biasSquares[c]! += g * g;
        bias[c]! -= (learningRate * g) / Math.sqrt(biasSquares[c]!);
      }
      const { indices, values } = x;
      for (let k = 0; k < indices.length; k++) {
        const base = indices[k]! * classes;
        const v = values[k]!;
        for (let c = 0; c < classes; c++) {
          const w = base + c;
          const g = p[c]! * v + l2 * weights[w]!;
          gradSquares[w]! += g * g;
          weights[w]! -= (learningRate * g) / Math.sqrt(gradSquares[w]!);
        }
      }
    }
  }
  return model;
}
