export {
  createDashboardHandler,
  type DashboardHandler,
  type DashboardHandlerOptions,
} from './create-dashboard-handler.ts';
