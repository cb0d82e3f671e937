import { initBackend, type BackendInfo } from './backend.ts';
import { loadModel, type LoadedModel, type ModelSource } from './model/load.ts';
import { validateConfig } from './model/config.ts';

export interface ModelSession {
  backend: BackendInfo;
  loaded: LoadedModel;
}

/** Starts the backend, then builds the weights on it: what generate, verify and sweep workers share. */
export async function openModelSession(options: ModelSource & { backend: string }): Promise<ModelSession> {
  const backend = await initBackend(options.backend);
  const loaded = await loadModel(options);
  validateConfig(loaded.config, loaded.description);
  return { backend, loaded };
}
