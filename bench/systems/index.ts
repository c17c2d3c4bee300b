import { natural } from './natural.js';
import { nlpjs } from './nlpjs.js';
import { pasokh } from './pasokh.js';
import type { NluSystem } from './types.js';

export type { Classifier, NluSystem } from './types.js';

/** The systems compared, pasokh first. */
export const SYSTEMS: readonly NluSystem[] = [pasokh, nlpjs, natural];
