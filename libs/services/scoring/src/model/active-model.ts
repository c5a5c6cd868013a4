import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ACTIVE_SCORING_MODEL_STREAM, activatedModel, type IcpModel } from '@leadline/domain';
import { SQL_DATABASE, WatchedStream, type EventStoreReader, type SqlDatabase } from '@leadline/event-store';

/** The model scoring runs now: the last one activated (a promoted shadow candidate), else the configured one. */
export async function activeScoringModel(store: EventStoreReader, configured: IcpModel): Promise<IcpModel> {
  return activatedModel(await store.readStream(ACTIVE_SCORING_MODEL_STREAM)) ?? configured;
}

/**
 * The activated model as the line reads it at every delivery: kept in the process and read again once
 * `scoringmodel-active`'s category notifies an append (WatchedStream), instead of one read of the stream per
 * delivery. A lead scored while a promotion's notification is on its way is scored as if a moment earlier.
 */
@Injectable()
export class ActiveScoringModel implements OnModuleDestroy {
  private readonly watched: WatchedStream<IcpModel | null>;

  constructor(@Inject(SQL_DATABASE) db: SqlDatabase) {
    this.watched = new WatchedStream(db, ACTIVE_SCORING_MODEL_STREAM, activatedModel);
  }

  /** The activated model, else `configured`; read (when it must be) through `reader`. */
  async read(reader: EventStoreReader, configured: IcpModel): Promise<IcpModel> {
    return (await this.watched.read(reader)) ?? configured;
  }

  onModuleDestroy(): Promise<void> {
    return this.watched.close();
  }
}
