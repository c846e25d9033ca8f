import type { Database } from '@fedbase/db';
import { isUuid } from '@fedbase/db';
import type { User } from '@fedbase/prisma';

export interface IdentityService {
  findUser(projectId: string, id: string): Promise<User | null>;
}

export function createIdentityService(db: Database): IdentityService {
  return {
    async findUser(projectId, id) {
      if (!isUuid(id)) return null;
      return db.prisma.user.findFirst({ where: { id, projectId } });
    },
  };
}
