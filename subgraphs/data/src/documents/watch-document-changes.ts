import { requireProject, type RequestContext } from '@fedbase/context';
import type { EventBus } from '@fedbase/event-bus';
import { outboxChannel, type OutboxRow } from '@fedbase/outbox';
import { isAllowed, refuse } from '../collections/access-rules.ts';
import type { CollectionService } from '../collections/collection-service.ts';
import type { DocumentChangePayload } from '../outbox.ts';
import type { DocumentRecord } from './document-record.ts';

export type ChangeOperation = 'CREATED' | 'UPDATED' | 'DELETED';

export interface DocumentChange {
  operation: ChangeOperation;
  document: DocumentRecord;
}

const operations: Readonly<Record<string, ChangeOperation>> = {
  'data.document.created': 'CREATED',
  'data.document.updated': 'UPDATED',
  'data.document.deleted': 'DELETED',
};

/**
 * `documentChanged(collection)`: the collection's change events from the bus (published by the
 * outbox relay of whichever instance made the change), each passed through the collection's read
 * rule for THIS caller, so a subscriber sees exactly the changes it could read with a query.
 * Resolves once the bus listens, so changes committed after that are not missed.
 */
export function createChangeWatcher(bus: EventBus, collections: CollectionService) {
  return async function watchDocumentChanges(context: RequestContext, name: string, signal?: AbortSignal): Promise<AsyncIterableIterator<DocumentChange>> {
    const project = requireProject(context);
    const collection = await collections.getCollection(project.id, name);
    const rule = collection.rules.read;
    // Refuse at once whoever could not read even a document of their own, rather than stay silent.
    if (!isAllowed(rule, context, context.user?.id ?? null)) refuse('read', name, context);
    const subscription = bus.subscribe(outboxChannel('data', project.id, 'data.document.*'), { signal });
    await subscription.ready;

    const next = async (): Promise<IteratorResult<DocumentChange, undefined>> => {
      for (;;) {
        const result = await subscription.next();
        if (result.done) return { done: true, value: undefined };
        const row = result.value.payload as OutboxRow;
        const payload = row.payload as DocumentChangePayload;
        const operation = operations[row.topic];
        if (!operation || payload.collection !== name || !payload.document) continue;
        const { document } = payload;
        if (!isAllowed(rule, context, document.ownerId)) continue;
        const { createdAt, updatedAt } = document;
        return { done: false, value: { operation, document: { ...document, collection: name, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) } } };
      }
    };
    // An iterator object rather than a generator: a generator's `return()` before its first
    // `next()` would not run its cleanup, and the bus subscription would leak.
    const changes: AsyncIterableIterator<DocumentChange> = {
      next,
      return: async () => {
        await subscription.return();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return changes;
      },
    };
    return changes;
  };
}
