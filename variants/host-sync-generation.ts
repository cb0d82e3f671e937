import { hostSyncGeneration } from '../src/model/implementations/generation.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'host-sync-generation',
  description: "The seed's previous baseline: each generated token is read to the host every step and fed back as a new tensor",
  slots: { generation: hostSyncGeneration },
});
