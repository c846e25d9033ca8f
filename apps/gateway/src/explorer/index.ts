export {
  createExplorerHandler,
  type ExplorerHandler,
  type ExplorerHandlerOptions,
} from './create-explorer-handler.ts';
