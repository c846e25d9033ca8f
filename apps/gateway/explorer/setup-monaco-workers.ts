// Monaco spawns its language services in web workers. Vite only bundles a worker it can see at
// build time (the `?worker` suffix), so we wire them here instead of letting Monaco fetch them
// from a CDN: the explorer must work with zero external requests. Same mapping as
// `graphiql/setup-workers/vite`, minus its console logging.
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import GraphQLWorker from 'monaco-graphql/esm/graphql.worker.js?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    switch (label) {
      case 'json':
        return new JsonWorker();
      case 'graphql':
        return new GraphQLWorker();
      default:
        return new EditorWorker();
    }
  },
};
