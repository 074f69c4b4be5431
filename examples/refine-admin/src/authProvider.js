// The reference's JWT example (login, check), completed with logout, onError, getIdentity and
// getPermissions the same way: a bearer token in localStorage, plain fetch calls to the /auth API.
const API_URL = "";

const authHeader = () => {
  const token = localStorage.getItem("token");
  return token ? { Authorization: `Bearer ${token}` } : {};
};

export const authProvider = {
  login: async ({ email, password }) => {
    const response = await fetch(`${API_URL}/auth/login`, {
      method: "POST",
      body: JSON.stringify({ email, password }),
    });
    const body = await response.json();
    if (!response.ok || !body.token) {
      return { success: false, error: body.error ?? { name: "LoginError", message: "Login failed" } };
    }
    localStorage.setItem("token", body.token);
    return { success: true, redirectTo: "/" };
  },

  logout: async () => {
    await fetch(`${API_URL}/auth/logout`, { method: "POST", headers: authHeader() }).catch(() => undefined);
    localStorage.removeItem("token");
    return { success: true, redirectTo: "/login" };
  },

  check: async () => {
    const token = localStorage.getItem("token");
    if (token) {
      return { authenticated: true };
    }
    return { authenticated: false, redirectTo: "/login" };
  },

  onError: async (error) => {
    const status = error?.statusCode ?? error?.status;
    if (status === 401) {
      localStorage.removeItem("token");
      return { logout: true, redirectTo: "/login", error };
    }
    return {};
  },

  getIdentity: async () => {
    const response = await fetch(`${API_URL}/auth/me`, { headers: authHeader() });
    return response.ok ? response.json() : null;
  },

  getPermissions: async () => {
    const response = await fetch(`${API_URL}/auth/permissions`, { headers: authHeader() });
    return response.ok ? response.json() : null;
  },
};
