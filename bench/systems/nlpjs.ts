// nlp.js (@nlpjs/basic with @nlpjs/lang-fa) on the raw intent examples, default settings except
// that it neither loads nor saves a model file; its 'None' fallback counts as out_of_scope.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerBootstrap, Nlp } from '@nlpjs/basic';
import { LangFa } from '@nlpjs/lang-fa';
import { OUT_OF_SCOPE } from '../../src/nlu/classify/index.js';
import type { NluSystem } from './types.js';

export const nlpjs: NluSystem = {
  name: 'nlp.js',
  async train(data) {
    const container = await containerBootstrap();
    container.use(Nlp);
    container.use(LangFa);
    const nlp = container.get('nlp');
    nlp.settings.autoSave = false;
    nlp.settings.autoLoad = false;
    nlp.settings.log = false;
    nlp.nluManager.settings.log = false; // the per-epoch training log (nlp.settings.log does not reach it)
    // Should it save anyway, the file lands in a temporary directory, never in the repo.
    const dir = mkdtempSync(join(tmpdir(), 'pasokh-bench-nlpjs-'));
    nlp.settings.modelFileName = join(dir, 'model.nlp');
    nlp.addLanguage('fa');
    for (const { intent, examples } of data) for (const example of examples) nlp.addDocument('fa', example, intent);
    try {
      await nlp.train();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return {
      async classify(text) {
        const { intent } = await nlp.process('fa', text);
        return intent === 'None' ? OUT_OF_SCOPE : intent;
      },
    };
  },
};
