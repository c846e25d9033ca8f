import type { RequestContext } from '@fedbase/context';
import { requireProject } from '@fedbase/context';
import type { Database } from '@fedbase/db';
import { isAllowed, refuse } from '../collections/access-rules.ts';
import type { CollectionService } from '../collections/collection-service.ts';
import { compileDocumentQuery } from '../query/compile-document-query.ts';
import { documentColumns, toDocumentRecord, type DocumentRecord, type DocumentRow } from './document-record.ts';

export interface ListDocumentsInput {
  collection: string;
  where?: unknown;
  orderBy?: { field: string; direction: 'ASC' | 'DESC' }[] | null;
  first?: number | null;
  after?: string | null;
}

export interface DocumentConnection {
  edges: { cursor: string; node: DocumentRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /**
   * Counted only when asked for (GraphQL calls it only when `totalCount` is selected): counting
   * every match costs more than the page itself once the page comes from an index.
   */
  totalCount: () => Promise<number>;
}

/**
 * `documents(...)`: one page (keyset pagination, so a page costs the same deep in the list) and
 * the total, both limited to what the caller may read: everything when a rule term other than
 * `owner` lets them, only their own documents when `owner` does, nothing (an error) otherwise.
 */
export function createDocumentLister(db: Database, collections: CollectionService) {
  return async (context: RequestContext, input: ListDocumentsInput): Promise<DocumentConnection> => {
    const collection = await collections.getCollection(requireProject(context).id, input.collection);
    const rule = collection.rules.read;
    const seesAll = isAllowed(rule.split(' or ').filter((term) => term !== 'owner').join(' or ') || 'nobody', context);
    const seesOwn = !seesAll && context.user !== null && rule.split(' or ').includes('owner');
    if (!seesAll && !seesOwn) refuse('read', input.collection, context);

    // $1 is the project; the collection id is written literally (it is a uuid from our own table)
    // so the planner can match the collection's partial expression indexes.
    const query = compileDocumentQuery({
      fields: collection.fields,
      where: input.where,
      orderBy: input.orderBy,
      first: input.first,
      after: input.after,
      firstParam: seesOwn ? 3 : 2,
    });
    const scope = `d.project_id = $1::uuid AND d.collection_id = '${collection.id}'${seesOwn ? ' AND d.owner_id = $2' : ''}`;
    const scopeParams = seesOwn ? [collection.projectId, context.user!.id] : [collection.projectId];
    const rows = await db.prisma.$queryRawUnsafe<DocumentRow[]>(
      `SELECT ${documentColumns} FROM data.documents d WHERE ${scope} AND (${query.pageSql}) ORDER BY ${query.orderBySql} LIMIT ${query.limit}`,
      ...scopeParams,
      ...query.pageParams,
    );
    let counting: Promise<number> | undefined;
    const totalCount = () =>
      (counting ??= db.prisma
        .$queryRawUnsafe<{ count: bigint | number }[]>(
          `SELECT count(*) AS count FROM data.documents d WHERE ${scope} AND (${query.filterSql})`,
          ...scopeParams,
          ...query.filterParams,
        )
        .then((counted) => Number(counted[0]?.count ?? 0)));
    const page = rows.slice(0, query.limit - 1);
    const edges = page.map((row) => {
      const node = toDocumentRecord(row, collection.name);
      return { cursor: query.cursorFor(node), node };
    });
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > page.length, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  };
}

export type DocumentLister = ReturnType<typeof createDocumentLister>;
