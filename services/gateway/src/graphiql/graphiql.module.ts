import { Module } from '@nestjs/common';

import { GraphiqlBundle } from './graphiql-bundle.service';
import { GraphiqlController } from './graphiql.controller';

@Module({ providers: [GraphiqlBundle], controllers: [GraphiqlController] })
export class GraphiqlModule {}
