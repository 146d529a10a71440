import { Module } from '@nestjs/common';
import { FileStorage } from './file-storage';

/** Files under STORAGE_DIR: imports, evidence. */
@Module({ providers: [FileStorage], exports: [FileStorage] })
export class StorageModule {}
