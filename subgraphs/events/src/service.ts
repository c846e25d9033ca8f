import type { Database } from '@fedbase/db';
import { isUuid } from '@fedbase/db';
import type { Event } from '@fedbase/prisma';

export interface EventsService {
  findEvent(projectId: string, id: string): Promise<Event | null>;
}

export function createEventsService(db: Database): EventsService {
  return {
    async findEvent(projectId, id) {
      if (!isUuid(id)) return null;
      return db.prisma.event.findFirst({ where: { id, projectId } });
    },
  };
}
