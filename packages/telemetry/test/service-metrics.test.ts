import { describe, expect, it } from 'vitest';
import { createLabelLimiter, createServiceMetrics } from '../src/index.ts';

describe('service metrics', () => {
  it('render as Prometheus text labelled with the service', async () => {
    const metrics = createServiceMetrics('billing');
    metrics.httpRequests.inc({ route: '/graphql', status: '200' });
    metrics.operationDuration.observe({ operation: 'Plans', outcome: 'ok' }, 0.004);
    const text = await metrics.render();
    expect(text).toContain('fedbase_http_requests_total{route="/graphql",status="200",service="billing"} 1');
    expect(text).toContain('fedbase_graphql_operation_duration_seconds_bucket{le="0.005",service="billing",operation="Plans",outcome="ok"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('cap distinct operation names so label cardinality stays bounded', () => {
    const label = createLabelLimiter(2);
    expect([label('A'), label('B'), label('C'), label('A'), label(undefined), label('no spaces')]).toEqual(['A', 'B', 'other', 'A', 'anonymous', 'other']);
  });
});
