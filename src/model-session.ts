import { initBackend, type BackendInfo } from './backend.ts';
import { loadModel, type LoadedModel, type ModelSource } from './model/load.ts';
import { validateConfig } from './model/config.ts';
import type { Implementations } from './model/slots.ts';

export interface ModelSession {
  backend: BackendInfo;
  loaded: LoadedModel;
}

/**
 * Starts the backend, then builds the weights on it in the forms the models of `readers` (their
 * implementations) read: what generate, verify and sweep workers share. Notes about the weights go to stderr.
 */
export async function openModelSession(options: ModelSource & { backend: string }, readers: readonly Implementations[] = []): Promise<ModelSession> {
  const backend = await initBackend(options.backend);
  const loaded = await loadModel(options, readers);
  validateConfig(loaded.config, loaded.description);
  for (const note of loaded.notes) console.error(note);
  return { backend, loaded };
}
