import { requireProject, type RequestContext } from '@fedbase/context';
import { mapMessages, type EventBus } from '@fedbase/event-bus';
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

    return mapMessages(subscription, (message): DocumentChange | undefined => {
      const row = message.payload as OutboxRow;
      const payload = row.payload as DocumentChangePayload;
      const operation = operations[row.topic];
      if (!operation || payload.collection !== name || !payload.document) return undefined;
      const { document } = payload;
      if (!isAllowed(rule, context, document.ownerId)) return undefined;
      const { createdAt, updatedAt } = document;
      return { operation, document: { ...document, collection: name, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) } };
    });
  };
}
