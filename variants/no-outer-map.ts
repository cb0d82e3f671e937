import { allGroupsAtOnce } from '../src/model/implementations/group-mapping.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'no-outer-map',
  description: 'Removes the outer map over KV groups: all groups computed in one pass, the group as a batch axis',
  slots: { groupMapping: allGroupsAtOnce },
});
