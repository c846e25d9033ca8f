import './setup-monaco-workers.ts';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createExplorerFetcher } from './create-explorer-fetcher.ts';

const defaultQuery = `# Fedbase GraphQL explorer
#
# Set request headers in the Headers tab below:
#   "x-api-key": "<project key>"
#   "authorization": "Bearer <access token>"
# Headers are saved in this browser.

{
  __typename
}
`;

const root = document.getElementById('root');
if (!root) throw new Error('explorer: #root element missing from index.html');

createRoot(root).render(
  <StrictMode>
    <GraphiQL
      fetcher={createExplorerFetcher(new URL(location.origin))}
      defaultQuery={defaultQuery}
      defaultHeaders={'{"x-api-key": ""}'}
      isHeadersEditorEnabled
      shouldPersistHeaders
      defaultEditorToolsVisibility="headers"
    />
  </StrictMode>,
);
