// The benchmark's sections, run in this order. To add one (e.g. the engine benchmark), write a
// Section in this folder and append it here; it may read earlier figures from ctx.results.
import type { Section } from '../section.js';
import { nluSection } from './nlu.js';
import { catalogSection } from './catalog.js';
import { engineSection } from './engine.js';
import { normalizerSection } from './normalizer.js';
import { startupSection } from './startup.js';
import { targetsSection } from './targets.js';

export const SECTIONS: Section[] = [normalizerSection, nluSection, engineSection, startupSection, targetsSection, catalogSection];

export { catalogSection, engineSection, nluSection, normalizerSection, startupSection, targetsSection };
