import { ACTIVE_SCORING_MODEL_STREAM, activatedModel, type IcpModel } from '@leadline/domain';
import type { EventStoreReader } from '@leadline/event-store';

/** The model scoring runs now: the last one activated (a promoted shadow candidate), else the configured one. */
export async function activeScoringModel(store: EventStoreReader, configured: IcpModel): Promise<IcpModel> {
  return activatedModel(await store.readStream(ACTIVE_SCORING_MODEL_STREAM)) ?? configured;
}
