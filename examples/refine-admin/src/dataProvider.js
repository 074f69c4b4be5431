// A minimal data provider for the sample's /api, through authFetch (a 401 refreshes the token and retries once);
// errors carry statusCode (and the answer's error name and message), so that Refine's useOnError hands a 401 that
// survived, or a 403 StepUpRequired, to authProvider.onError.
import { API_URL, authFetch } from "./authProvider";

const request = async (path, init = {}) => {
  const response = await authFetch(`${API_URL}${path}`, {
    ...init,
    headers: { Accept: "application/json", ...(init.headers ?? {}) },
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    const error = new Error(body.error?.message ?? `HTTP ${response.status}`);
    error.statusCode = response.status;
    error.name = body.error?.name ?? "HttpError";
    error.sentToken = response.sentToken;
    throw error;
  }
  return response.status === 204 ? null : response.json();
};

export const dataProvider = {
  getApiUrl: () => `${API_URL}/api`,
  getList: async ({ resource }) => {
    const data = await request(`/api/${resource}`);
    return { data, total: data.length };
  },
  getOne: async ({ resource, id }) => ({ data: await request(`/api/${resource}/${id}`) }),
  create: async ({ resource, variables }) => ({
    data: await request(`/api/${resource}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(variables),
    }),
  }),
  update: async () => {
    throw new Error("not supported");
  },
  // useCustomMutation: a call outside the CRUD shape (PUT /api/admin/users/{id}/status)
  custom: async ({ url, method, payload }) => ({
    data: await request(url.startsWith(API_URL) ? url.substring(API_URL.length) : url, {
      method: method.toUpperCase(),
      headers: { "Content-Type": "application/json" },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    }),
  }),
  deleteOne: async ({ resource, id }) => {
    await request(`/api/${resource}/${id}`, { method: "DELETE" });
    return { data: { id } };
  },
};
