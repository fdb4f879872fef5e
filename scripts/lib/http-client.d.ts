export interface HttpClient {
  get(
    url: string,
    config?: { headers?: Record<string, string> }
  ): Promise<{ status: number; data: any }>
  post(
    url: string,
    data?: unknown,
    config?: { headers?: Record<string, string> }
  ): Promise<{ status: number; data: any }>
}

export function httpClient(baseUrl: string): HttpClient
