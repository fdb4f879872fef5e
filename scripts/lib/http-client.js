// The axios-like client the TypeScript test helpers take (`api.post(url,
// body, { headers })`), over fetch, for the node-script suites that drive a
// Medusa app they started themselves.

/** Answers `{ status, data }`; a non-2xx answer throws with `error.response`. */
function httpClient(baseUrl) {
  const request = async (method, url, data, config = {}) => {
    // A FormData (an upload) sets its own multipart content type.
    const form = data instanceof FormData
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        ...(form ? {} : { "content-type": "application/json" }),
        ...config.headers,
      },
      body:
        method === "GET" ? undefined : form ? data : JSON.stringify(data ?? {}),
    })
    const body = await response.json().catch(() => null)
    if (!response.ok) {
      const error = new Error(`${method} ${url} answered ${response.status}`)
      error.response = { status: response.status, data: body }
      throw error
    }
    return { status: response.status, data: body }
  }
  return {
    get: (url, config) => request("GET", url, undefined, config),
    post: (url, data, config) => request("POST", url, data, config),
  }
}

module.exports = { httpClient }
