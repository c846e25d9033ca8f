import type { SeededPosts } from './seed-posts.ts';

/** Posts per page: one fetch to data for the page, one entity fetch to identity for the owners. */
export const postCount = 20;

/** The page an app shows: about a hundred resolved fields over two subgraphs. */
export const listPostsQuery = `query ListPosts { documents(collection: "posts", first: ${postCount}) { edges { node { id data owner { id email } } } } }`;

interface ListPostsBody {
  data?: { documents?: { edges?: { node?: { id?: unknown; data?: { title?: unknown }; owner?: { id?: unknown; email?: unknown } | null } }[] } };
}

/**
 * Whether a response body is the whole page: every post, each with its owner's email from
 * identity, no errors, and no `ftv1`: the subgraphs' traces are the gateway's, never a client's.
 */
export function isListPostsAnswer(text: string, seeded: SeededPosts): boolean {
  if (text.includes('ftv1') || text.includes('"errors"')) return false;
  let body: ListPostsBody;
  try {
    body = JSON.parse(text) as ListPostsBody;
  } catch {
    return false;
  }
  const edges = body.data?.documents?.edges;
  return (
    Array.isArray(edges) &&
    edges.length === seeded.count &&
    edges.every(({ node }) => typeof node?.id === 'string' && typeof node.data?.title === 'string' && typeof node.owner?.id === 'string' && node.owner.email === seeded.email)
  );
}
