import { Field, Int, ObjectType } from '@nestjs/graphql';

import { CallRecordObject } from './call-record.object';
import { FacetObject, PageInfoObject } from '../../graphql/page.object';

@ObjectType('CallRecordPage')
export class CallRecordPageObject {
  @Field(() => [CallRecordObject])
  items!: CallRecordObject[];
  @Field(() => Int, { description: 'All matching records (exact).' })
  totalCount!: number;
  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;
  @Field(() => [FacetObject], { description: 'Value counts over all matching records.' })
  facets!: FacetObject[];
}
