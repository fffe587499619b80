/** Called with a push's data and topic. */
export type PushHandler = (data: unknown, topic: string) => void;

/**
 * The client's push handlers: by topic, and for every push. Each registration is its own entry, so the same function
 * registered twice is called twice and each removal removes only its own registration. Handlers are kept across
 * reconnects; a handler that throws does not keep the others from the push.
 */
export class PushHandlers {
  readonly #byTopic = new Map<string, Set<PushHandler>>();
  readonly #any = new Set<PushHandler>();

  /** Adds `handler` for `topic`; returns a function that removes it. */
  add(topic: string, handler: PushHandler): () => void {
    let handlers = this.#byTopic.get(topic);
    if (handlers === undefined) {
      handlers = new Set();
      this.#byTopic.set(topic, handlers);
    }

    const entry: PushHandler = (data, t) => handler(data, t);
    handlers.add(entry);
    return () => {
      handlers.delete(entry);
      if (handlers.size === 0 && this.#byTopic.get(topic) === handlers) {
        this.#byTopic.delete(topic);
      }
    };
  }

  /** Adds `handler` for every push, whatever its topic; returns a function that removes it. */
  addForAll(handler: PushHandler): () => void {
    const entry: PushHandler = (data, topic) => handler(data, topic);
    this.#any.add(entry);
    return () => this.#any.delete(entry);
  }

  /** Gives one push to the handlers of its topic, then to those of every push. */
  deliver(topic: string, data: unknown): void {
    const handlers = this.#byTopic.get(topic);
    for (const handler of handlers === undefined ? [] : [...handlers]) {
      invoke(handler, data, topic);
    }

    for (const handler of [...this.#any]) {
      invoke(handler, data, topic);
    }
  }
}

function invoke(handler: PushHandler, data: unknown, topic: string): void {
  try {
    handler(data, topic);
  } catch {
    // A handler's failure is its own; the other handlers still get the push.
  }
}
