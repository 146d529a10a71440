import { DataSource } from 'typeorm';
import { loadEnvironment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';

/** Entry point for the TypeORM CLI (migration:generate / run / --check). Keep imports relative. */
export default new DataSource(dataSourceOptions(loadEnvironment().DATABASE_URL));
