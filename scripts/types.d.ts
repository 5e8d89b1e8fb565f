// autocannon ships no types; the bench uses a small, stable part of its API.
declare module "autocannon" {
  type Histogram = { average: number; p50: number; p99: number };
  type Result = { requests: Histogram; latency: Histogram; errors: number; non2xx: number; timeouts: number };
  type Request = {
    method?: string;
    path?: string;
    setupRequest?: (request: Record<string, unknown>, context: Record<string, unknown>) => Record<string, unknown>;
    onResponse?: (status: number, body: string, context: unknown, headers: Record<string, string>) => void;
  };
  function autocannon(options: {
    url: string;
    connections: number;
    duration: number;
    headers?: Record<string, string>;
    requests?: Request[];
  }): Promise<Result>;
  export default autocannon;
}
