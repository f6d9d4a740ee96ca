import { Module } from '@nestjs/common';

import { ErasureRequestsProducer } from './erasure-requests.producer';
import { ErasureResolver } from './erasure.resolver';

@Module({ providers: [ErasureRequestsProducer, ErasureResolver] })
export class ErasureModule {}
