import { Module } from '@nestjs/common';

import { ErasureRequestConsumer } from './erasure-request.consumer';

/** Erasure requests of the gateway → key tombstones and audit events. */
@Module({ providers: [ErasureRequestConsumer] })
export class ErasureModule {}
